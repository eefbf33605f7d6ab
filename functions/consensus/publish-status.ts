import { redisKeys } from "../../schema/redis-keys";
import type { AlertWake } from "../../schema/wire/alert-wake";
import type { AlertEngine } from "../alerting/engine";
import { wakeName } from "./purge";
import type { Before, ConsensusDeps } from "./run";
import { domainStatus } from "./status";

/**
 * Status for the API and edge, and a wake-up when one is due; failures only cost freshness.
 * Writes are issued together, so a networked adapter pipelines them.
 */
export async function publishStatus(
  deps: ConsensusDeps,
  ids: string[],
  engine: AlertEngine,
  before: Record<string, Before>,
): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      const d = engine.domain(id)!;
      try {
        await deps.redis.set(redisKeys.domainStatus(id), JSON.stringify(domainStatus(d)));
        if (deps.scheduler && d.wakeAt !== null && d.wakeAt !== before[id]?.wakeAt) {
          const payload: AlertWake = { kind: "wake", domainId: id, at: d.wakeAt };
          await deps.scheduler.scheduleOnce({
            name: wakeName(id, d.wakeAt),
            at: d.wakeAt,
            payload,
          });
        }
      } catch (err) {
        deps.log.warn("status or wake-up not written", { domainId: id, error: String(err) });
      }
    }),
  );
}
