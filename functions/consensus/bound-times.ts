import type { Logger } from "../../adapters/log/logger";
import type { Observation } from "../../schema/wire/observation";

/**
 * How far behind consensus's clock an observation may be stamped and still count: queue
 * delays, batching and redeliveries (30 s visibility timeout × a few receives) stay within
 * it. Older means a probe clock running slow or a message too stale to matter: dropped.
 */
export const MAX_BEHIND_MS = 5 * 60_000;

/**
 * Puts observations on consensus's own clock: one stamped ahead of it (a probe clock running
 * fast) is taken as of its arrival, one stamped more than MAX_BEHIND_MS behind is dropped
 * with a log line. So no message can move the engine's clock past consensus's own, and one
 * domain's messages never push another domain's votes out of their lifetime.
 */
export function boundTimes(log: Logger, observations: Observation[], now: number): Observation[] {
  const out: Observation[] = [];
  for (const o of observations) {
    if (o.t < now - MAX_BEHIND_MS) {
      log.warn("observation stamped too far in the past; dropped", {
        domainId: o.domainId,
        region: o.region,
        behindMs: now - o.t,
      });
      continue;
    }
    out.push(o.t > now ? { ...o, t: now } : o);
  }
  return out;
}
