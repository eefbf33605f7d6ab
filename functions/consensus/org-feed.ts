import type { OrgEventIn } from "../../adapters/events/org-events";
import type { DomainState } from "../alerting/domain-state";
import type { EngineOutput } from "../alerting/engine";

const incidentType: Record<string, string> = {
  opened: "incident.opened",
  reopened: "incident.opened",
  relapsed: "incident.opened",
  acknowledged: "incident.acknowledged",
  resolved: "incident.resolved",
  superseded: "incident.resolved",
};
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * What the organization's live stream shows of one domain after a batch: incident
 * transitions as they happened (in maintenance too: the dashboard shows the truth while
 * notifications are held), flapping as announced, and the status when it changed. Each
 * event is keyed, so a redelivered batch appends nothing new.
 */
export function orgFeed(
  d: DomainState,
  out: EngineOutput,
  before: { status: string; since: number | null } | null,
): OrgEventIn[] {
  const id = d.spec.id;
  const events: OrgEventIn[] = [];
  for (const t of out.transitions) {
    const type = t.domain === id && t.incidentId ? incidentType[t.name] : undefined;
    if (!type || !t.incidentId) continue;
    events.push({
      type,
      data: { incidentId: t.incidentId, domainId: id, at: iso(t.at) },
      at: new Date(t.at),
      // one acknowledgement per incident, whether the API or the engine wrote it first
      key: t.name === "acknowledged" ? `${t.incidentId}:acknowledged` : `${t.incidentId}:${t.seq}`,
    });
  }
  for (const n of out.notifications) {
    if (n.domain !== id || (n.type !== "flapping.started" && n.type !== "flapping.ended")) continue;
    events.push({
      type: n.type,
      data: { incidentId: n.fields.incidentId ?? null, domainId: id, at: iso(n.t) },
      at: new Date(n.t),
      key: `${id}:n${n.seq}`,
    });
  }
  if (!before || before.status !== d.status || before.since !== d.statusSince) {
    events.push({
      type: "domain.status",
      data: { domainId: id, status: d.status, since: iso(d.statusSince) },
      key: `${id}:status:${d.status}:${d.statusSince}`,
    });
  }
  return events;
}
