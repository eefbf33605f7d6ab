import type { Clock } from "../adapters/clock/clock";
import type { DatabaseHandle } from "../adapters/db/types";
import type { Logger } from "../adapters/log/logger";
import type { RedisPort } from "../adapters/redis/port";
import { publishDailyBars } from "../functions/ingest/daily-bars";
import { startIngestLoop } from "../functions/ingest/run";
import { maintainTimeseries } from "../functions/maintenance/timeseries";

const HOUR_MS = 3_600_000;

/**
 * Ingest (continuous: a cycle, then a second's pause when the streams were nearly empty) and
 * the time-series upkeep (at start, then hourly, as the deployed schedule runs it). Streams
 * are trimmed to a small length here, so an idle stack's memory stays flat over a day.
 */
export function startTimeseries(deps: {
  db: DatabaseHandle;
  /** The control DB: which domains are on which plan, for retention. */
  control: DatabaseHandle;
  redis: RedisPort;
  regions: readonly string[];
  log: Logger;
  clock: Clock;
}) {
  const ingest = startIngestLoop(
    {
      db: deps.db,
      redis: deps.redis,
      log: deps.log,
      clock: deps.clock,
      regions: deps.regions,
      group: "ingest",
      consumer: "local",
      batchSize: 50, // entries: probe flushes
      claimIdleMs: 30_000,
      streamMaxLen: 10_000,
      onDailyRollups: publishDailyBars({ db: deps.db.db, redis: deps.redis, clock: deps.clock }),
    },
    { idleMs: 1_000 },
  );
  const upkeep = () =>
    maintainTimeseries({
      db: deps.db.db,
      control: deps.control.db,
      clock: deps.clock,
      log: deps.log,
    }).catch((err) => deps.log.error("time-series maintenance failed", { error: String(err) }));
  let running = upkeep();
  const timer = setInterval(() => {
    running = running.then(upkeep);
  }, HOUR_MS);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await ingest.stop();
      await running;
    },
  };
}
