import { scheduleName } from "../../adapters/scheduler/port";
import { redisKeys } from "../../schema/redis-keys";
import type { EngineRules } from "../alerting/defaults";
import type { DomainState } from "../alerting/domain-state";
import { applyContribution } from "../alerting/region-health";
import { ENGINE_KEY, type SharedState } from "./engine-store";
import type { ConsensusDeps } from "./run";

/** The wake-up schedule name of a domain at a time (one per domain and time). */
export function wakeName(domainId: string, at: number): string {
  return scheduleName("dp-wake", domainId, at);
}

/**
 * Forgets deleted domains: their share of region health is taken back (so the counters never
 * drift), then their engine state, status and pending wake-up are removed. The state goes
 * first: a crash in between leaves a counter high by one domain, never counted twice.
 */
export async function purgeDomains(
  deps: ConsensusDeps,
  shared: SharedState,
  states: Record<string, DomainState>,
  ids: string[],
  now: number,
  rules: EngineRules,
): Promise<void> {
  const known = ids.filter((id) => states[id]);
  if (known.length === 0) return;
  await deps.redis.hdel(ENGINE_KEY, ...known);
  await deps.redis.del(...known.map((id) => redisKeys.domainStatus(id)));
  for (const id of known) {
    const d = states[id]!;
    applyContribution(shared.regions, d.contribution, {}, now, rules);
    delete states[id];
    if (d.wakeAt !== null && deps.scheduler) await deps.scheduler.cancel(wakeName(id, d.wakeAt));
    deps.log.info("state of a deleted domain removed", { domainId: id });
  }
}
