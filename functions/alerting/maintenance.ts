import type { DomainSpec } from "./types";

/** Whether `now` falls in one of the domain's maintenance windows [from, to). */
export function inMaintenance(spec: DomainSpec, now: number): boolean {
  return spec.maintenance.some((w) => w.from <= now && now < w.to);
}

/** The next window start or end after `now`, or null. */
export function nextMaintenanceEdge(spec: DomainSpec, now: number): number | null {
  let best: number | null = null;
  for (const w of spec.maintenance) {
    for (const edge of [w.from, w.to]) {
      if (edge > now && (best === null || edge < best)) best = edge;
    }
  }
  return best;
}

/** What the user believed when a window began; compared when it ends. */
export interface Held {
  before: "up" | "down";
  incidentId: string | null;
}

/**
 * The one notification due when a window ends: the state now differs from before it.
 * Returns null when it does not.
 */
export function endOfWindowNotice(
  held: Held,
  activeNow: boolean,
  currentIncident: { id: string; paged: boolean } | null,
): { type: "incident.opened" | "incident.resolved"; incidentId: string } | null {
  if (held.before === "up" && activeNow && currentIncident && !currentIncident.paged) {
    return { type: "incident.opened", incidentId: currentIncident.id };
  }
  if (held.before === "down" && !activeNow && held.incidentId) {
    return { type: "incident.resolved", incidentId: held.incidentId };
  }
  return null;
}
