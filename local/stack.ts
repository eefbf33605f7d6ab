import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { systemClock } from "../adapters/clock/clock";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../adapters/db";
import type { Logger } from "../adapters/log/logger";
import { memoryQueue } from "../adapters/queue/memory";
import type { QueueRecord } from "../adapters/queue/port";
import { AlertJob } from "../schema/wire";
import { startAlerting } from "./alerting";
import { ensureLocalApiKey, localApiConfig, openLocalRedis, startApi } from "./api";
import type { LocalConfig } from "./config";
import { startRegionProbe } from "./probes";
import { startTimeseries } from "./timeseries";

/** The running local stack. */
export interface LocalStack {
  /** The API's base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  /** The organization's API key (also in <DATA_DIR>/api-key). */
  apiKey: string;
  /** True when this start created the key (it is printed once). */
  apiKeyCreated: boolean;
  control: DatabaseHandle;
  timeseries: DatabaseHandle;
  stop(): Promise<void>;
}

/**
 * Logs every alert job, so a person running the stack sees each notification the engine
 * decides on.
 */
function logAlertJobs(log: Logger) {
  return async (records: QueueRecord[]) => {
    for (const r of records) {
      const job = AlertJob.safeParse(JSON.parse(r.body));
      if (!job.success) continue;
      const { type, domainId, incidentId, data } = job.data;
      log.info(`alert ${type}`, { domainId, ...(incidentId ? { incidentId } : {}), ...data });
    }
    return { batchItemFailures: [] };
  };
}

/** Starts every unit built so far in this process: the composition root for one machine. */
export async function startLocalStack(config: LocalConfig, log: Logger): Promise<LocalStack> {
  mkdirSync(config.dataDir, { recursive: true });
  const control = await openDatabase(config.controlDatabaseUrl);
  const timeseries = await openDatabase(config.timeseriesDatabaseUrl);
  await migrateDatabase(control, "control");
  await migrateDatabase(timeseries, "timeseries");
  log.info("databases ready", { control: control.kind, timeseries: timeseries.kind });

  const redis = openLocalRedis(config.redisUrl);
  const queue = memoryQueue();
  const alerting = startAlerting({ queue, redis: redis.api, db: control.db, log });
  queue.subscribe("alerts", logAlertJobs(log));

  const { key, created } = await ensureLocalApiKey(control.db, join(config.dataDir, "api-key"));
  const regionNames = config.regions.map((r) => r.name);
  const api = await startApi({
    port: config.port,
    db: control.db,
    timeseries: timeseries.db,
    redis: redis.api,
    config: localApiConfig(regionNames, config.minIntervalSeconds),
    log,
    health: () => ({ control: control.kind, timeseries: timeseries.kind, regions: regionNames }),
  });

  const probes = config.regions.map((r) =>
    startRegionProbe({
      region: r.name,
      ...(r.localAddress ? { localAddress: r.localAddress } : {}),
      redis: redis.probes.redis,
      subscriber: redis.probes.subscriber,
      queue,
      allowPrivate: config.allowPrivateTargets,
      log,
    }),
  );
  await Promise.all(probes.map((p) => p.ready));
  log.info("regions checking", { regions: regionNames });
  const series = startTimeseries({
    db: timeseries,
    redis: redis.probes.redis,
    regions: regionNames,
    log,
    clock: systemClock,
  });

  let stopped = false;
  return {
    url: api.url,
    apiKey: key,
    apiKeyCreated: created,
    control,
    timeseries,
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(probes.map((p) => p.stop()));
      await series.stop();
      await api.close();
      await queue.idle();
      alerting.stop();
      await redis.close();
      await control.close();
      await timeseries.close();
    },
  };
}
