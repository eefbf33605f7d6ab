import { redisKeys } from "../../schema/redis-keys";
import type { AlertWake } from "../../schema/wire/alert-wake";
import type { AlertEngine } from "../alerting/engine";
import { wakeName } from "./purge";
import type { Before, ConsensusDeps } from "./run";
import { domainStatus } from "./status";

/**
 * Status for the API and edge (one MSET for the batch), and a wake-up when one is due;
 * failures only cost freshness. The wake-ups are issued together.
 */
export async function publishStatus(
  deps: ConsensusDeps,
  ids: string[],
  engine: AlertEngine,
  before: Record<string, Before>,
): Promise<void> {
  const statuses: Record<string, string> = {};
  for (const id of ids)
    statuses[redisKeys.domainStatus(id)] = JSON.stringify(domainStatus(engine.domain(id)!));
  try {
    await deps.redis.mset(statuses);
  } catch (err) {
    deps.log.warn("status not written", { domains: ids.length, error: String(err) });
  }
  const scheduler = deps.scheduler;
  if (!scheduler) return;
  await Promise.all(
    ids.map(async (id) => {
      const at = engine.domain(id)!.wakeAt;
      if (at === null || at === before[id]?.wakeAt) return;
      const payload: AlertWake = { kind: "wake", domainId: id, at };
      try {
        await scheduler.scheduleOnce({ name: wakeName(id, at), at, payload });
      } catch (err) {
        deps.log.warn("wake-up not scheduled", { domainId: id, error: String(err) });
      }
    }),
  );
}
