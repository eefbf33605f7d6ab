import type { RedisPort } from "../../adapters/redis/port";
import { redisKeys } from "../../schema/redis-keys";
import type { DomainState } from "../alerting/domain-state";
import type { RegionHealth } from "../alerting/region-health";

/** One hash holds the engine: field "_shared" (clock, region health) and one per domain. */
export const ENGINE_KEY = redisKeys.alertState("engine");
const SHARED = "_shared";

/** The part of the engine every domain shares. */
export interface SharedState {
  now: number;
  regions: Record<string, RegionHealth>;
}

/** Loads the shared state and the named domains' states (missing ones are absent). */
export async function loadEngine(
  redis: RedisPort,
  domainIds: string[],
): Promise<{ shared: SharedState; domains: Record<string, DomainState> }> {
  const raw = await redis.hmget(ENGINE_KEY, [SHARED, ...domainIds]);
  const shared: SharedState = raw[0]
    ? (JSON.parse(raw[0]) as SharedState)
    : { now: 0, regions: {} };
  const domains: Record<string, DomainState> = {};
  domainIds.forEach((id, i) => {
    const v = raw[i + 1];
    if (v) domains[id] = JSON.parse(v) as DomainState;
  });
  return { shared, domains };
}

/** Writes the shared state and the given domains in one HSET, so a batch lands whole or not at all. */
export async function saveEngine(
  redis: RedisPort,
  shared: SharedState,
  domains: Record<string, DomainState>,
): Promise<void> {
  const fields: Record<string, string> = { [SHARED]: JSON.stringify(shared) };
  for (const [id, d] of Object.entries(domains)) fields[id] = JSON.stringify(d);
  await redis.hset(ENGINE_KEY, fields);
}
