import { parsePageModel } from "../adapters/redis/status-read-model";
import { redisKeys } from "../schema/redis-keys";
import { DomainStatus } from "../schema/wire/domain-status";
import type { StatusPageView } from "../schema/wire/status-page";
import type { StatusReadStore } from "./store";
import { buildPageView, type DomainReads } from "./view-model";

function parseStatus(raw: string | null): DomainStatus | null {
  if (raw === null) return null;
  try {
    const r = DomainStatus.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** One domain's read models; the four reads are issued together (one pipeline on Upstash). */
export async function loadDomainReads(store: StatusReadStore, id: string): Promise<DomainReads> {
  const [status, days, incidents, maintenance] = await Promise.all([
    store.get(redisKeys.domainStatus(id)),
    store.hgetall(redisKeys.dailyBars(id)),
    store.hgetall(redisKeys.incidentSummaries(id)),
    store.hgetall(redisKeys.maintenanceWindows(id)),
  ]);
  return { status: parseStatus(status), days, incidents, maintenance };
}

/** The page's view, or null when no page has this slug. Throws when Redis cannot be read. */
export async function loadPageView(
  store: StatusReadStore,
  slug: string,
  now: number,
): Promise<StatusPageView | null> {
  const raw = await store.get(redisKeys.statusPage(slug));
  const model = raw === null ? null : parsePageModel(raw);
  if (!model) return null;
  const reads = await Promise.all(model.domains.map((d) => loadDomainReads(store, d.id)));
  return buildPageView(model, reads, now);
}

/** The slug a customer's hostname serves, or null. */
export async function slugForHost(store: StatusReadStore, host: string): Promise<string | null> {
  return store.get(redisKeys.statusPageHost(host));
}

/** A domain's current status, or null when Redis holds none (an unknown domain). */
export async function loadDomainStatus(
  store: StatusReadStore,
  id: string,
): Promise<DomainStatus | null> {
  return parseStatus(await store.get(redisKeys.domainStatus(id)));
}
