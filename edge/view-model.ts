import {
  HISTORY_DAYS,
  parseDailyBars,
  parseHash,
  parseIncident,
  parseMaintenance,
  utcDay,
} from "../adapters/redis/status-read-model";
import type { DomainStatus } from "../schema/wire/domain-status";
import type {
  DayBar,
  IncidentSummary,
  StatusPageModel,
  StatusPageView,
} from "../schema/wire/status-page";

/** The raw read models of one domain, as Redis returned them. */
export interface DomainReads {
  status: DomainStatus | null;
  days: Record<string, string>;
  incidents: Record<string, string>;
  maintenance: Record<string, string>;
}

const DAY_MS = 86_400_000;
/** Resolved incidents a page lists under "recent history". */
export const RECENT_SHOWN = 10;

/** Uptime % of a day or a span, two decimals; null when nothing was checked. */
export function uptimePercent(checks: number, failures: number): number | null {
  if (checks <= 0) return null;
  return Math.floor(((checks - failures) / checks) * 10_000) / 100;
}

/** The last HISTORY_DAYS UTC days ending today, oldest first, empty days filled with zeros. */
export function fillDays(stored: DayBar[], now: number): DayBar[] {
  const byDay = new Map(stored.map((d) => [d.day, d]));
  const out: DayBar[] = [];
  for (let i = HISTORY_DAYS - 1; i >= 0; i--) {
    const day = utcDay(now - i * DAY_MS);
    out.push(byDay.get(day) ?? { day, checks: 0, failures: 0 });
  }
  return out;
}

const newestFirst = (a: IncidentSummary, b: IncidentSummary) =>
  a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0;

/** Pure: the page's view from its model and each domain's reads (same order), at `now`. */
export function buildPageView(
  model: StatusPageModel,
  reads: DomainReads[],
  now: number,
): StatusPageView {
  const nowIso = new Date(now).toISOString();
  const incidents: IncidentSummary[] = [];
  const windows = new Map<string, StatusPageView["maintenance"][number]>();
  const domains = model.domains.map((d, i) => {
    const r = reads[i]!;
    const days = fillDays(parseDailyBars(r.days), now);
    const checks = days.reduce((n, x) => n + x.checks, 0);
    const failures = days.reduce((n, x) => n + x.failures, 0);
    incidents.push(...parseHash(r.incidents, parseIncident));
    for (const w of parseHash(r.maintenance, parseMaintenance)) {
      if (w.to <= nowIso) continue;
      const seen = windows.get(w.id) ?? { ...w, domainIds: [] };
      seen.domainIds.push(d.id);
      windows.set(w.id, seen);
    }
    return {
      id: d.id,
      name: d.name,
      status: r.status?.status ?? "unknown",
      since: r.status?.since ?? null,
      uptime90d: uptimePercent(checks, failures),
      days,
      certDaysLeft: r.status?.tls?.daysToExpiry ?? null,
    };
  });
  const maintenance = [...windows.values()].sort((a, b) => (a.from < b.from ? -1 : 1));
  const inMaintenance = new Set(
    maintenance.filter((w) => w.from <= nowIso).flatMap((w) => w.domainIds),
  );
  return {
    slug: model.slug,
    title: model.title,
    generatedAt: nowIso,
    stale: false,
    overall: overallOf(domains, inMaintenance),
    domains,
    activeIncidents: incidents.filter((x) => x.state !== "resolved").sort(newestFirst),
    recentIncidents: incidents
      .filter((x) => x.state === "resolved")
      .sort(newestFirst)
      .slice(0, RECENT_SHOWN),
    maintenance,
  };
}

function overallOf(
  domains: { id: string; status: DomainStatus["status"] }[],
  inMaintenance: Set<string>,
): StatusPageView["overall"] {
  const live = domains.filter((d) => d.status !== "paused");
  if (live.some((d) => d.status === "down" && !inMaintenance.has(d.id))) return "outage";
  if (live.some((d) => d.status === "down")) return "maintenance";
  if (live.some((d) => d.status === "degraded" || d.status === "flapping")) return "degraded";
  if (live.length === 0 || live.every((d) => d.status === "unknown")) return "unknown";
  return "operational";
}
