import { redisKeys } from "../../schema/redis-keys";
import { DomainConfig } from "../../schema/wire/domain-config";
import type { ConsensusDeps } from "./run";

/**
 * The configs of the named domains: Redis first, the control DB for what Redis lacks (after a
 * wipe, before the reconcile has rebuilt the hash). An id neither knows is unknown or deleted.
 */
export async function loadConfigs(
  deps: ConsensusDeps,
  ids: string[],
): Promise<Map<string, DomainConfig>> {
  const raw = await deps.redis.hmget(redisKeys.configHash, ids);
  const out = new Map<string, DomainConfig>();
  const missing: string[] = [];
  ids.forEach((id, i) => {
    const text = raw[i];
    const parsed = text ? DomainConfig.safeParse(JSON.parse(text)) : null;
    if (parsed?.success) out.set(id, parsed.data);
    else missing.push(id);
  });
  if (missing.length > 0 && deps.controlConfigs) {
    for (const c of await deps.controlConfigs(missing)) out.set(c.id, c);
  }
  for (const id of missing) {
    if (!out.has(id))
      deps.log.warn("observation for an unknown or deleted domain dropped", { domainId: id });
  }
  return out;
}
