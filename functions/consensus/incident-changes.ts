import type { DomainState } from "../alerting/domain-state";
import type { Phase, Transition } from "../alerting/incident";
import type { IncidentChanges, IncidentEventRow, IncidentRowState } from "./incident-store";

function rowState(phase: Phase): IncidentRowState | null {
  return phase === "ok" ? null : phase;
}

/**
 * The incident rows and events one domain's transitions imply: the current incident in full,
 * a superseded one closed, every transition with an incident appended as an event.
 */
export function incidentChanges(
  orgId: string,
  d: DomainState,
  transitions: Transition[],
): IncidentChanges {
  const out: IncidentChanges = { incidents: [], closures: [], events: [] };
  const current = d.machine.incident;
  let touched = false;
  for (const tr of transitions) {
    if (tr.incidentId === null) continue;
    if (tr.name === "superseded") {
      out.closures.push({ id: tr.incidentId, resolvedAt: tr.at, lastSequence: tr.seq });
    }
    const to = tr.name === "superseded" ? "resolved" : rowState(tr.to);
    if (to === null) continue; // "closed": the reopen window passed; the row stays resolved
    const event: IncidentEventRow = {
      incidentId: tr.incidentId,
      sequence: tr.seq,
      type: tr.name,
      fromState: rowState(tr.from),
      toState: to,
      at: tr.at,
      data: {},
    };
    out.events.push(event);
    if (current && tr.incidentId === current.id) touched = true;
  }
  if (current && (touched || transitions.some((t) => t.name === "superseded"))) {
    const state = rowState(d.machine.phase);
    if (state) {
      const seqs = out.events.filter((e) => e.incidentId === current.id).map((e) => e.sequence);
      out.incidents.push({
        id: current.id,
        orgId,
        domainId: d.spec.id,
        state,
        regions: current.regions,
        cause: current.cause,
        openedAt: current.openedAt,
        acknowledgedAt: current.acknowledgedAt ?? null,
        resolvedAt: current.resolvedAt,
        lastSequence: seqs.length > 0 ? Math.max(...seqs) : d.machine.seq,
      });
    }
  }
  return out;
}
