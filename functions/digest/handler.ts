import type { Logger } from "../../adapters/log/logger";
import type { QueuePort } from "../../adapters/queue/port";
import { AlertWake } from "../../schema/wire/alert-wake";

/** What the digest entry needs. */
export interface DigestDeps {
  queue: QueuePort;
  log: Logger;
}

/**
 * Target of the one-off EventBridge Scheduler schedules (in-process timers locally): hands
 * the wake-up to the consensus queue, whose single consumer owns the engine state and emits
 * the digest (or a resolution, or a flapping end). A malformed event is logged and dropped.
 */
export function digestHandler(deps: DigestDeps) {
  return async (event: unknown): Promise<{ forwarded: boolean }> => {
    const wake = AlertWake.safeParse(event);
    if (!wake.success) {
      deps.log.warn("digest event fails its schema; dropped", {
        error: wake.error.issues[0]?.message,
      });
      return { forwarded: false };
    }
    await deps.queue.send("consensus", [wake.data]);
    return { forwarded: true };
  };
}
