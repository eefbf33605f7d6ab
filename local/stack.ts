import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { systemClock } from "../adapters/clock/clock";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../adapters/db";
import type { Logger } from "../adapters/log/logger";
import { memoryQueue } from "../adapters/queue/memory";
import type { RedisPort } from "../adapters/redis/port";
import { createEdgeApp } from "../edge/app";
import { memoryCache } from "../edge/cache";
import { reconcileStatusPages } from "../functions/maintenance/reconcile-status-pages";
import { startAlerting } from "./alerting";
import { ensureLocalApiKey, localApiConfig, openLocalRedis, startApi } from "./api";
import type { LocalConfig } from "./config";
import { startDelivery } from "./delivery";
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
  /** The Redis the API and the status pages use. */
  redis: RedisPort;
  stop(): Promise<void>;
}

/** The edge's status pages on the local server, reading the stack's Redis, with a 30 s cache. */
function localStatusPages(redis: RedisPort, log: Logger) {
  return createEdgeApp({
    store: redis,
    cache: memoryCache(),
    onRedisError: (err, url) => log.warn("status page read failed", { url, error: String(err) }),
  });
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

  const { key, created } = await ensureLocalApiKey(control.db, join(config.dataDir, "api-key"));
  const regionNames = config.regions.map((r) => r.name);
  const api = await startApi({
    port: config.port,
    db: control.db,
    timeseries: timeseries.db,
    redis: redis.api,
    config: { ...localApiConfig(regionNames, config.minIntervalSeconds), ...config.dashboard },
    queue,
    log,
    health: () => ({ control: control.kind, timeseries: timeseries.kind, regions: regionNames }),
    routes: [{ path: "/", app: localStatusPages(redis.api, log) }],
  });
  // the pages' read models: rebuilt at start (an in-process Redis starts empty), then every
  // 30 s so incident summaries follow the control DB
  const refreshPages = () =>
    reconcileStatusPages({ db: control.db, redis: redis.api }).catch((err) =>
      log.warn("status pages reconcile failed", { error: String(err) }),
    );
  await refreshPages();
  const pagesTimer = setInterval(refreshPages, 30_000);
  pagesTimer.unref();

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
  const delivery = startDelivery({
    queue,
    db: control.db,
    dataDir: config.dataDir,
    allowPrivate: config.allowPrivateTargets,
    dashboardUrl: api.url,
    log,
  });
  const series = startTimeseries({
    db: timeseries,
    control,
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
    redis: redis.api,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(pagesTimer);
      await Promise.all(probes.map((p) => p.stop()));
      await series.stop();
      await api.close();
      await queue.idle();
      await delivery.stop();
      alerting.stop();
      await redis.close();
      await control.close();
      await timeseries.close();
    },
  };
}
