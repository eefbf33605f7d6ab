/** The SLA windows answered, in days. */
export const SLA_WINDOWS = [7, 30, 90, 365] as const;

const DAY_MS = 86_400_000;

/** One window of the SLA summary. */
export interface SlaWindow {
  days: number;
  /** Share of the monitored time without an open incident (0..1), null before monitoring began. */
  uptime: number | null;
  downtimeMinutes: number;
  incidents: number;
  /** Checks and failed checks of every region, from the daily roll-ups. */
  checks: number;
  failures: number;
  /** Passing share of checks (0..1), null without checks. */
  checkUptime: number | null;
}

/**
 * SLA figures per window ending at `now`: confirmed downtime from incidents (what a customer
 * felt, after consensus across regions) beside the raw passing share of checks. The monitored
 * time starts at `monitoredSince` (the domain's creation), so a new domain is not credited
 * with uptime before it existed.
 */
export function slaSummary(input: {
  now: number;
  monitoredSince: number;
  incidents: readonly { openedAt: number; resolvedAt: number | null }[];
  days: readonly { bucket: number; checks: number; failures: number }[];
}): SlaWindow[] {
  return SLA_WINDOWS.map((days) => {
    const from = Math.max(input.now - days * DAY_MS, input.monitoredSince);
    const span = input.now - from;
    let down = 0;
    let count = 0;
    for (const i of input.incidents) {
      const overlap = Math.min(i.resolvedAt ?? input.now, input.now) - Math.max(i.openedAt, from);
      if (overlap > 0) {
        down += overlap;
        count += 1;
      }
    }
    let checks = 0;
    let failures = 0;
    // a day bucket counts when it overlaps the window: the window's first day is partial
    const firstDay = input.now - days * DAY_MS - DAY_MS;
    for (const d of input.days) {
      if (d.bucket > firstDay && d.bucket <= input.now) {
        checks += d.checks;
        failures += d.failures;
      }
    }
    return {
      days,
      uptime: span > 0 ? Math.round((1 - down / span) * 1e6) / 1e6 : null,
      downtimeMinutes: Math.round((down / 60_000) * 100) / 100,
      incidents: count,
      checks,
      failures,
      checkUptime: checks > 0 ? Math.round(((checks - failures) / checks) * 1e6) / 1e6 : null,
    };
  });
}
