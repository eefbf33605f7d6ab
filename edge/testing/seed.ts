import {
  publishStatusPage,
  type StatusWriteStore,
  utcDay,
  writeDailyBars,
  writeIncidentSummary,
  writeMaintenanceWindow,
} from "../../adapters/redis/status-read-model";
import { redisKeys } from "../../schema/redis-keys";
import type { DomainStatus } from "../../schema/wire/domain-status";
import type { DayBar, IncidentSummary } from "../../schema/wire/status-page";

const DAY = 86_400_000;

/** A DomainStatus with overrides. */
export function aDomainStatus(over: Partial<DomainStatus> = {}): DomainStatus {
  return {
    status: "up",
    since: "2026-11-01T00:00:00.000Z",
    regions: {
      ams: { ok: true, checkedAt: "2026-12-01T10:00:00.000Z", error: null, latencyMs: 42 },
    },
    tls: {
      daysToExpiry: 64.2,
      fingerprint256: "AA:BB",
      authorized: true,
      error: null,
      checkedAt: "2026-12-01T10:00:00.000Z",
    },
    ...over,
  };
}

/** 90 days of bars ending at `now`, all checks passing except `failures` on given day offsets. */
export function someBars(now: number, failing: Record<number, number> = {}): DayBar[] {
  return Array.from({ length: 90 }, (_, i) => ({
    day: utcDay(now - i * DAY),
    checks: 2_880,
    failures: failing[i] ?? 0,
  }));
}

/**
 * Seeds a page the way the writers do: one domain up, one down with an open incident (and a
 * resolved one in its history), one with scheduled maintenance. Ids are fresh per call.
 */
export async function seedStatusPage(
  store: StatusWriteStore,
  now: number,
  over: { slug?: string; customHostname?: string | null; title?: string } = {},
) {
  const id = () => crypto.randomUUID();
  const up = { id: id(), name: "Website" };
  const down = { id: id(), name: "API" };
  const third = { id: id(), name: "Dashboard" };
  const slug = over.slug ?? `acme-${id().slice(0, 8)}`;
  const page = {
    id: id(),
    slug,
    title: over.title ?? "Acme",
    domains: [up, down, third],
    customHostname: over.customHostname ?? null,
    updatedAt: new Date(now).toISOString(),
  };
  await publishStatusPage(store, page);
  await store.set(redisKeys.domainStatus(up.id), JSON.stringify(aDomainStatus()));
  await store.set(
    redisKeys.domainStatus(down.id),
    JSON.stringify(aDomainStatus({ status: "down", since: new Date(now - 600_000).toISOString() })),
  );
  await store.set(redisKeys.domainStatus(third.id), JSON.stringify(aDomainStatus()));
  await writeDailyBars(store, up.id, someBars(now, { 3: 40 }), now);
  await writeDailyBars(store, down.id, someBars(now, { 0: 20, 12: 400 }), now);
  const opened = new Date(now - 600_000).toISOString();
  const open: IncidentSummary = {
    id: id(),
    domainId: down.id,
    state: "open",
    title: "timeout",
    regions: ["ams", "iad"],
    openedAt: opened,
    resolvedAt: null,
    timeline: [
      { type: "incident.opened", at: opened, state: "open" },
      {
        type: "incident.update",
        at: new Date(now - 300_000).toISOString(),
        state: "open",
        message: "We are looking into slow responses.",
      },
    ],
  };
  const past = now - 12 * DAY;
  const resolved: IncidentSummary = {
    ...open,
    id: id(),
    state: "resolved",
    title: "http 503",
    openedAt: new Date(past).toISOString(),
    resolvedAt: new Date(past + 1_800_000).toISOString(),
    timeline: [
      { type: "incident.opened", at: new Date(past).toISOString(), state: "open" },
      {
        type: "incident.resolved",
        at: new Date(past + 1_800_000).toISOString(),
        state: "resolved",
      },
    ],
  };
  await writeIncidentSummary(store, open, now);
  await writeIncidentSummary(store, resolved, now);
  const maintenance = {
    id: id(),
    from: new Date(now + DAY).toISOString(),
    to: new Date(now + DAY + 3_600_000).toISOString(),
    note: "Database upgrade",
  };
  await writeMaintenanceWindow(store, [third.id], maintenance);
  return { page, slug, up, down, third, open, resolved, maintenance };
}
