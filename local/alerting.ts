import { type Clock, systemClock } from "../adapters/clock/clock";
import type { Database } from "../adapters/db/types";
import type { Logger } from "../adapters/log/logger";
import type { MemoryQueue } from "../adapters/queue/memory";
import type { RedisPort } from "../adapters/redis/port";
import { timerScheduler } from "../adapters/scheduler/timers";
import type { EngineRules } from "../functions/alerting/defaults";
import { drizzleConfigs } from "../functions/consensus/drizzle-configs";
import { drizzleIncidentStore } from "../functions/consensus/drizzle-incident-store";
import { drizzleIncidentSummaries } from "../functions/consensus/drizzle-summaries";
import { consensusHandler } from "../functions/consensus/handler";
import { memoryIncidentStore } from "../functions/consensus/incident-store";
import { digestHandler } from "../functions/digest/handler";

/** What the alert pipeline needs on one machine. */
export interface LocalAlertingOptions {
  /** The in-process queue: consensus is consumed here, alert jobs are sent to "alerts". */
  queue: MemoryQueue;
  redis: RedisPort;
  /** The control DB (incidents); without it incidents live in memory. */
  db?: Database;
  clock?: Clock;
  log: Logger;
  rules?: Partial<EngineRules>;
}

/**
 * Runs consensus and digests in this process: the consensus queue's consumer, and in-process
 * timers in place of EventBridge Scheduler, whose wake-ups go back through the consensus queue.
 */
export function startAlerting(o: LocalAlertingOptions): { stop(): void } {
  const clock = o.clock ?? systemClock;
  const digest = digestHandler({ queue: o.queue, log: o.log });
  const scheduler = timerScheduler({
    clock,
    onFire: digest,
    onError: (err) => o.log.warn("alert wake-up failed", { error: String(err) }),
  });
  const incidents = o.db ? drizzleIncidentStore(o.db, clock) : memoryIncidentStore();
  o.queue.subscribe(
    "consensus",
    consensusHandler({
      redis: o.redis,
      queue: o.queue,
      incidents,
      clock,
      log: o.log,
      scheduler,
      rules: o.rules,
      controlConfigs: o.db ? drizzleConfigs(o.db) : undefined,
      incidentSummaries: o.db ? drizzleIncidentSummaries(o.db, o.redis) : undefined,
    }),
  );
  return {
    stop() {
      scheduler.stop();
    },
  };
}
