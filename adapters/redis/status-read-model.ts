import { redisKeys } from "../../schema/redis-keys";
import {
  type DayBar,
  IncidentSummary,
  MaintenanceWindow,
  StatusPageModel,
} from "../../schema/wire/status-page";
import type { RedisPort } from "./port";

/**
 * The status pages' read models in Redis: writers for the API, consensus, ingest and the
 * reconcile, over any RedisPort subset (the edge's Upstash store included). No Node modules:
 * the Worker imports this file too.
 */
export type StatusWriteStore = Pick<RedisPort, "get" | "set" | "del" | "hset" | "hdel" | "hgetall">;

/** Days of history a page shows; older bars and resolved incidents are pruned. */
export const HISTORY_DAYS = 90;
/** Resolved incidents kept per domain, newest first, beside the open ones. */
export const RESOLVED_KEPT = 20;
const DAY_MS = 86_400_000;

/** YYYY-MM-DD (UTC) of a time in ms. */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Publishes a page's model and its hostname, dropping the keys of its previous slug/hostname. */
export async function publishStatusPage(
  redis: StatusWriteStore,
  model: StatusPageModel,
): Promise<void> {
  const before = await readIndexEntry(redis, model.id);
  await redis.set(redisKeys.statusPage(model.slug), JSON.stringify(model));
  if (model.customHostname) {
    await redis.set(redisKeys.statusPageHost(model.customHostname), model.slug);
  }
  await redis.hset(redisKeys.statusPageIndex, {
    [model.id]: JSON.stringify({ slug: model.slug, customHostname: model.customHostname }),
  });
  if (before && before.slug !== model.slug) await redis.del(redisKeys.statusPage(before.slug));
  if (before?.customHostname && before.customHostname !== model.customHostname) {
    await redis.del(redisKeys.statusPageHost(before.customHostname));
  }
}

/** Removes a page's keys (after a delete), by what was published for its id. */
export async function unpublishStatusPage(redis: StatusWriteStore, id: string): Promise<void> {
  const before = await readIndexEntry(redis, id);
  if (before) {
    const keys = [redisKeys.statusPage(before.slug)];
    if (before.customHostname) keys.push(redisKeys.statusPageHost(before.customHostname));
    await redis.del(...keys);
  }
  await redis.hdel(redisKeys.statusPageIndex, id);
}

async function readIndexEntry(redis: StatusWriteStore, id: string) {
  const all = await redis.hgetall(redisKeys.statusPageIndex);
  const raw = all[id];
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { slug?: unknown; customHostname?: unknown };
    if (typeof v.slug !== "string") return null;
    return {
      slug: v.slug,
      customHostname: typeof v.customHostname === "string" ? v.customHostname : null,
    };
  } catch {
    return null;
  }
}

/** Ids of every page published so far (the reconcile unpublishes those gone from the DB). */
export async function publishedStatusPageIds(redis: StatusWriteStore): Promise<string[]> {
  return Object.keys(await redis.hgetall(redisKeys.statusPageIndex));
}

/**
 * Writes per-day counts of one domain (ingest calls it after a roll-up flush, with the days it
 * touched; each day's totals replace the stored ones) and drops days older than the window.
 */
export async function writeDailyBars(
  redis: StatusWriteStore,
  domainId: string,
  days: DayBar[],
  now: number,
): Promise<void> {
  const key = redisKeys.dailyBars(domainId);
  const oldest = utcDay(now - (HISTORY_DAYS - 1) * DAY_MS);
  const fields: Record<string, string> = {};
  for (const d of days) if (d.day >= oldest) fields[d.day] = `${d.checks},${d.failures}`;
  if (Object.keys(fields).length > 0) await redis.hset(key, fields);
  const stale = Object.keys(await redis.hgetall(key)).filter((day) => day < oldest);
  if (stale.length > 0) await redis.hdel(key, ...stale);
}

/** Parses the stored bars of a domain; a malformed field is left out. */
export function parseDailyBars(hash: Record<string, string>): DayBar[] {
  const out: DayBar[] = [];
  for (const [day, v] of Object.entries(hash)) {
    const [checks, failures] = v.split(",").map(Number);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !Number.isInteger(checks)) continue;
    if (!Number.isInteger(failures)) continue;
    out.push({ day, checks: checks!, failures: failures! });
  }
  return out.sort((a, b) => (a.day < b.day ? -1 : 1));
}

/**
 * Stores one incident's summary (consensus calls it after each committed transition; the
 * dashboard after an update) and keeps the domain's history bounded: every open incident,
 * the newest resolved ones, nothing resolved before the window.
 */
export async function writeIncidentSummary(
  redis: StatusWriteStore,
  summary: IncidentSummary,
  now: number,
): Promise<void> {
  const key = redisKeys.incidentSummaries(summary.domainId);
  await redis.hset(key, { [summary.id]: JSON.stringify(summary) });
  const all = parseHash(await redis.hgetall(key), parseIncident);
  const horizon = new Date(now - HISTORY_DAYS * DAY_MS).toISOString();
  const resolved = all
    .filter((i) => i.state === "resolved")
    .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1));
  const drop = resolved
    .filter((i, n) => n >= RESOLVED_KEPT || (i.resolvedAt ?? i.openedAt) < horizon)
    .map((i) => i.id);
  if (drop.length > 0) await redis.hdel(key, ...drop);
}

/** Stores or replaces a maintenance window on each of its domains. */
export async function writeMaintenanceWindow(
  redis: StatusWriteStore,
  domainIds: string[],
  window: MaintenanceWindow,
): Promise<void> {
  for (const id of domainIds) {
    await redis.hset(redisKeys.maintenanceWindows(id), { [window.id]: JSON.stringify(window) });
  }
}

/** Removes a maintenance window from each of its domains. */
export async function removeMaintenanceWindow(
  redis: StatusWriteStore,
  domainIds: string[],
  windowId: string,
): Promise<void> {
  for (const id of domainIds) await redis.hdel(redisKeys.maintenanceWindows(id), windowId);
}

/** Every value of a hash that parses, in no particular order. */
export function parseHash<T>(hash: Record<string, string>, parse: (raw: string) => T | null): T[] {
  const out: T[] = [];
  for (const raw of Object.values(hash)) {
    const v = parse(raw);
    if (v !== null) out.push(v);
  }
  return out;
}

function jsonOf(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** A stored incident summary, or null when it fails its schema. */
export const parseIncident = (raw: string): IncidentSummary | null => {
  const r = IncidentSummary.safeParse(jsonOf(raw));
  return r.success ? r.data : null;
};

/** A stored maintenance window, or null when it fails its schema. */
export const parseMaintenance = (raw: string): MaintenanceWindow | null => {
  const r = MaintenanceWindow.safeParse(jsonOf(raw));
  return r.success ? r.data : null;
};

/** A stored page model, or null when it fails its schema. */
export const parsePageModel = (raw: string): StatusPageModel | null => {
  const r = StatusPageModel.safeParse(jsonOf(raw));
  return r.success ? r.data : null;
};
