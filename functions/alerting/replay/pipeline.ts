import { eq } from "drizzle-orm";
import { configFromRow } from "../../../adapters/redis/config-from-row";
import { domains } from "../../../schema/control/domains";
import { AlertJob } from "../../../schema/wire/events";
import { reconcileConfig } from "../../maintenance/reconcile";
import { incidentId } from "../incident-id";
import { replayProbe } from "./pipeline-probe";
import { domainUuid, type PipelineWorld, pipelineWorld, REPLAY_ORG } from "./pipeline-world";
import { formatNotification } from "./run";
import type { PipelineLine } from "./trace";

/** The Redis reconcile's production schedule (EventBridge cron, every 5 minutes). */
export const RECONCILE_EVERY_MS = 5 * 60_000;
/** How long after a deletion a probe still checks the domain (it hears of it late). */
export const DELETION_HEARD_AFTER_MS = 5_000;
/** After the last line, redeliveries still land for this long; what they decide later is cut. */
const SETTLE_MS = 3 * 60_000;

/**
 * Runs a trace through the deployed alert path (CONTRACTS §2 "Pipeline replay") and returns
 * what the alert consumer hands to channels after its idempotency check, one line each.
 */
export async function replayPipeline(trace: PipelineLine[]): Promise<string[]> {
  const start = trace.find((l) => "t" in l)?.t ?? 0;
  const w = await pipelineWorld(start);
  try {
    return await drive(w, trace, start);
  } finally {
    await w.h.close();
  }
}

async function drive(w: PipelineWorld, trace: PipelineLine[], start: number): Promise<string[]> {
  const probe = replayProbe();
  const traceIds = new Map<string, string>(); // uuid → trace id
  const deletedAt = new Map<string, number>();
  const printed: { t: number; line: string }[] = [];
  const seen = new Set<string>();
  const ids = incidentIdMap(traceIds);
  // the alert consumer: its idempotency check, then what channels would be handed
  w.queue.subscribe("alerts", async (records) => {
    for (const r of records) {
      const job = AlertJob.parse(JSON.parse(r.body));
      if (seen.has(job.id)) continue;
      seen.add(job.id);
      const domain = traceIds.get(job.domainId) ?? job.domainId;
      const fields = ids.remap(job.data);
      const line = formatNotification({ t: job.t, type: job.type, domain, seq: 0, fields });
      printed.push({ t: job.t, line });
    }
    return { batchItemFailures: [] };
  });
  let nextReconcile =
    Math.floor(start / RECONCILE_EVERY_MS) * RECONCILE_EVERY_MS + RECONCILE_EVERY_MS;

  async function advanceTo(until: number, housekeeping = true) {
    for (;;) {
      const due = [
        w.queue.nextDue(),
        housekeeping ? w.scheduler.nextDue() : null,
        housekeeping ? nextReconcile : null,
      ].filter((x): x is number => x !== null);
      if (due.length === 0) break;
      const next = Math.min(...due);
      if (next > until) break;
      w.clock.set(Math.max(w.clock.now(), next));
      const now = w.clock.now();
      if (housekeeping) for (const s of w.scheduler.takeDue(now)) await w.digest(s.payload);
      if (housekeeping && nextReconcile <= now) {
        await reconcileConfig({ db: w.h.db, redis: w.redis.port, broadcast: w.broadcast });
        nextReconcile += RECONCILE_EVERY_MS;
      }
      await w.queue.deliverDue();
    }
    w.clock.set(Math.max(w.clock.now(), until));
  }

  let last = start;
  for (const line of trace) {
    if ("t" in line) {
      await advanceTo(line.t);
      last = Math.max(last, line.t);
    }
    switch (line.type) {
      case "domain": {
        const id = domainUuid(line.id);
        traceIds.set(id, line.id);
        const [row] = await w.h.db
          .insert(domains)
          .values({
            id,
            orgId: REPLAY_ORG,
            url: `https://${line.id}.replay/`,
            name: line.id,
            regions: line.regions,
            intervalSeconds: Math.max(1, Math.round(line.intervalSeconds)),
            timeoutMs: line.timeoutMs,
            quorum: line.quorum ?? null,
            sslWarnDays: line.sslWarnDays.map((d) => Math.max(1, Math.round(d))),
            // as the API's maintenance windows do: on the row, to consensus in its DomainConfig
            maintenance: line.maintenance,
          })
          .returning();
        await w.broadcast.upsert(configFromRow(row!));
        break;
      }
      case "result": {
        const id = domainUuid(line.domain);
        const gone = deletedAt.get(id);
        if (gone !== undefined && line.t >= gone + DELETION_HEARD_AFTER_MS) break;
        const skew = w.active("skew", line.region);
        const offset = skew && "offsetMs" in skew ? skew.offsetMs : 0;
        const obs = probe.observe(line, id, offset);
        if (obs) await w.sender(line.region).send("consensus", [obs]);
        break;
      }
      case "fault":
        if (line.kind === "wipe-redis") w.redis.wipe();
        else w.faults.push(line);
        break;
      case "delete": {
        const id = domainUuid(line.domain);
        // what the API's DELETE does: the row (incidents, outbox cascade), then the broadcast
        await w.h.db.delete(domains).where(eq(domains.id, id));
        await w.broadcast.remove(id);
        deletedAt.set(id, line.t);
        break;
      }
      case "ack":
      case "end":
        break;
    }
  }
  // let in-flight deliveries and redeliveries land; nothing decided after the end is printed
  await advanceTo(last + SETTLE_MS, false);
  return printed
    .filter((p) => p.t <= last)
    .sort((a, b) => a.t - b.t)
    .map((p) => p.line);
}

/** Maps incident ids derived from a domain's UUID to those derived from its trace id. */
function incidentIdMap(traceIds: Map<string, string>) {
  const cache = new Map<string, string>();
  const known = new Map<string, number>(); // uuid → incident numbers mapped so far
  const lookup = (value: string): string => {
    const hit = cache.get(value);
    if (hit) return hit;
    for (const [uuid, traceId] of traceIds) {
      const from = known.get(uuid) ?? 0;
      for (let n = from + 1; n <= from + 50; n++) {
        cache.set(incidentId(uuid, n), incidentId(traceId, n));
      }
      known.set(uuid, from + 50);
    }
    return cache.get(value) ?? value;
  };
  const map = (v: unknown): unknown =>
    typeof v === "string" && v.length === 36 ? lookup(v) : Array.isArray(v) ? v.map(map) : v;
  return {
    remap(data: Record<string, unknown>): Record<string, unknown> {
      return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, map(v)]));
    },
  };
}
