import type { AlertEngine } from "../alerting/engine";
import type { DomainCommit } from "./incident-store";
import { relayOutbox } from "./outbox";
import { publishStatus } from "./publish-status";
import type { Before, ConsensusDeps } from "./run";

/** The incidents a batch's commits touched (rows, closures, events). */
export function touchedIncidents(commits: DomainCommit[]): string[] {
  const ids = new Set<string>();
  for (const c of commits) {
    for (const r of c.changes.incidents) ids.add(r.id);
    for (const cl of c.changes.closures) ids.add(cl.id);
    for (const e of c.changes.events) ids.add(e.incidentId);
  }
  return [...ids];
}

/**
 * What becomes visible once a batch is committed and its engine state saved, issued together:
 * statuses and wake-ups, the outbox handed to the alerts queue, and the public summaries of
 * the incidents it changed. Only the relay may fail the batch (its jobs stay unsent); a status
 * or summary not written costs freshness until the next batch or the reconcile.
 */
export async function afterCommit(
  deps: ConsensusDeps,
  batch: {
    kept: string[];
    engine: AlertEngine;
    before: Record<string, Before>;
    commits: DomainCommit[];
  },
): Promise<number> {
  const summaries = async () => {
    const ids = touchedIncidents(batch.commits);
    if (!deps.incidentSummaries || ids.length === 0) return;
    try {
      await deps.incidentSummaries(ids, deps.clock.now());
    } catch (err) {
      deps.log.warn("incident summaries not published; the reconcile will", {
        incidents: ids.length,
        error: String(err),
      });
    }
  };
  const [, sent] = await Promise.all([
    publishStatus(deps, batch.kept, batch.engine, batch.before),
    relayOutbox(deps),
    summaries(),
  ]);
  return sent;
}
