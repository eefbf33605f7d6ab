import type { RedisPort } from "../../adapters/redis/port";
import { redisKeys } from "../../schema/redis-keys";
import type { DomainState } from "../alerting/domain-state";
import { freshHealth, type RegionHealth } from "../alerting/region-health";

/**
 * One hash holds the engine: one field per domain, and one shared field per consensus shard
 * ("_shared" for shard 0, "_shared:<k>" for the others) with that shard's clock and its share
 * of region health.
 */
export const ENGINE_KEY = redisKeys.alertState("engine");
const SHARED = "_shared";

/** The shared field a shard owns; only that shard's consumer writes it. */
export function sharedField(index: number): string {
  return index === 0 ? SHARED : `${SHARED}:${index}`;
}

/** Which part of the domains a consumer owns (README: partitioning). */
export interface Shard {
  index: number;
  count: number;
}

/** One consumer for every domain. */
export const ONE_SHARD: Shard = { index: 0, count: 1 };

/** The part of the engine every domain shares. */
export interface SharedState {
  now: number;
  regions: Record<string, RegionHealth>;
}

/** Region-health counters of the other shards, per region. */
export type OtherCounts = Record<string, { comparable: number; disagree: number }>;

/**
 * Loads the shard's shared state and the named domains' states (missing ones are absent).
 * Region health is global: the counters in `shared.regions` are the sums over every shard's
 * field (read in the same HMGET), and `others` is what the other shards added, which
 * `saveEngine` takes out again so that a shard only ever writes its own share.
 */
export async function loadEngine(
  redis: RedisPort,
  domainIds: string[],
  shard: Shard = ONE_SHARD,
): Promise<{ shared: SharedState; domains: Record<string, DomainState>; others: OtherCounts }> {
  const otherFields: string[] = [];
  for (let k = 0; k < shard.count; k++) if (k !== shard.index) otherFields.push(sharedField(k));
  const raw = await redis.hmget(ENGINE_KEY, [
    sharedField(shard.index),
    ...otherFields,
    ...domainIds,
  ]);
  const shared: SharedState = raw[0]
    ? (JSON.parse(raw[0]) as SharedState)
    : { now: 0, regions: {} };
  const others: OtherCounts = {};
  for (let i = 1; i <= otherFields.length; i++) {
    if (!raw[i]) continue;
    for (const [region, h] of Object.entries((JSON.parse(raw[i]!) as SharedState).regions)) {
      const o = others[region] ?? { comparable: 0, disagree: 0 };
      o.comparable += h.comparable;
      o.disagree += h.disagree;
      others[region] = o;
    }
  }
  for (const [region, o] of Object.entries(others)) {
    // a region only other shards have seen starts healthy here; the caller judges it
    const h = shared.regions[region] ?? freshHealth(shared.now);
    h.comparable += o.comparable;
    h.disagree += o.disagree;
    shared.regions[region] = h;
  }
  const domains: Record<string, DomainState> = {};
  const first = 1 + otherFields.length;
  domainIds.forEach((id, i) => {
    const v = raw[first + i];
    if (v) domains[id] = JSON.parse(v) as DomainState;
  });
  return { shared, domains, others };
}

/**
 * Writes the shard's shared field (its own share of the counters: the global sums less
 * `others`) and the given domains in one HSET, so a batch lands whole or not at all.
 */
export async function saveEngine(
  redis: RedisPort,
  shared: SharedState,
  domains: Record<string, DomainState>,
  shard: Shard = ONE_SHARD,
  others: OtherCounts = {},
): Promise<void> {
  const regions: Record<string, RegionHealth> = {};
  for (const [region, h] of Object.entries(shared.regions)) {
    const o = others[region];
    regions[region] = o
      ? { ...h, comparable: h.comparable - o.comparable, disagree: h.disagree - o.disagree }
      : h;
  }
  const fields: Record<string, string> = {
    [sharedField(shard.index)]: JSON.stringify({ now: shared.now, regions }),
  };
  for (const [id, d] of Object.entries(domains)) fields[id] = JSON.stringify(d);
  await redis.hset(ENGINE_KEY, fields);
}
