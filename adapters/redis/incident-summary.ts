import type { IncidentEvent } from "../../schema/control/incident-events";
import type { Incident } from "../../schema/control/incidents";
import type { IncidentSummary } from "../../schema/wire/status-page";

/**
 * The public summary of an incident from its row and timeline rows: plain data in, plain data
 * out, so consensus (after committing a transition), the dashboard and the reconcile share it.
 */
export function incidentSummary(
  incident: Pick<
    Incident,
    "id" | "domainId" | "state" | "regions" | "cause" | "openedAt" | "resolvedAt"
  >,
  events: Pick<IncidentEvent, "type" | "fromState" | "toState" | "at" | "data" | "sequence">[],
): IncidentSummary {
  const timeline = [...events]
    .sort((a, b) => a.sequence - b.sequence)
    // a public timeline shows state changes and written updates, not every internal step
    .filter((e) => e.fromState !== e.toState || typeof e.data.message === "string")
    .map((e) => {
      const message = typeof e.data.message === "string" ? e.data.message : undefined;
      return {
        type: e.type,
        at: e.at.toISOString(),
        state: e.toState,
        ...(message ? { message } : {}),
      };
    });
  return {
    id: incident.id,
    domainId: incident.domainId,
    state: incident.state,
    title: incident.cause ? incident.cause.replaceAll("_", " ").toLowerCase() : "outage",
    regions: incident.regions,
    openedAt: incident.openedAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    timeline,
  };
}
