import type { DomainStatus } from "../../schema/wire/domain-status";
import type { StatusPageView } from "../../schema/wire/status-page";

/** Words (and a text icon) for each state: status is never told by colour alone. */
export const STATUS_LABEL: Record<DomainStatus["status"], string> = {
  up: "✓ Operational",
  down: "✕ Down",
  degraded: "! Degraded",
  flapping: "! Unstable",
  unknown: "? No data yet",
  paused: "‖ Paused",
};

/** The headline of the whole page. */
export const OVERALL_LABEL: Record<StatusPageView["overall"], string> = {
  operational: "All systems operational",
  degraded: "Some systems are degraded",
  outage: "Some systems are down",
  maintenance: "Maintenance in progress",
  unknown: "Status not yet known",
};

/** Incident states as a reader says them. */
export const INCIDENT_STATE: Record<string, string> = {
  suspect: "Investigating",
  open: "Identified",
  acknowledged: "Acknowledged",
  recovering: "Monitoring recovery",
  resolved: "Resolved",
};

/** "2026-12-01 10:05 UTC" from an ISO time: one format, readable without client script. */
export function humanTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
