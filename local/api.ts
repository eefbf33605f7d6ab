import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { type Clock, systemClock } from "../adapters/clock/clock";
import type { Database } from "../adapters/db/types";
import type { Logger } from "../adapters/log/logger";
import type { QueuePort } from "../adapters/queue/port";
import { createConfigBroadcast } from "../adapters/redis/config-broadcast";
import type { ConfigKeys } from "../adapters/redis/config-keys";
import { pruneConfigLog } from "../adapters/redis/config-prune";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import { memoryRedis } from "../adapters/redis/memory";
import type { RedisPort } from "../adapters/redis/port";
import { createApp } from "../functions/api/app";
import type { ApiConfig } from "../functions/api/config";
import type { ApiDeps } from "../functions/api/deps";
import { keyMatches, keyPrefix } from "../functions/api/keys/api-key";
import { createOrganizationWithKey } from "../functions/api/keys/create-key";
import { oidcVerifier } from "../functions/api/signin/oidc";
import { type ReconcileReport, reconcileConfig } from "../functions/maintenance/reconcile";
import { maintenanceTasks } from "../functions/maintenance/tasks";
import { apiKeys } from "../schema/control/api-keys";
import { startMaintenanceTicks } from "./maintenance";

/** API settings for the local stack: its regions and interval floor, a 64 KiB body limit. */
export function localApiConfig(regions: string[], minIntervalSeconds: number): ApiConfig {
  return Object.freeze({ regions, minIntervalSeconds, bodyLimitBytes: 65_536 });
}

/** What startApi needs; `routes` mounts other units' apps (status pages) on the same server. */
export interface StartApiOptions {
  port: number;
  hostname?: string;
  db: Database;
  /** The time-series DB, for uptime roll-ups. */
  timeseries?: Database;
  redis: RedisPort;
  config: ApiConfig;
  log: Logger;
  clock?: Clock;
  keys?: ConfigKeys;
  /** The consensus queue, for operator acknowledgements. */
  queue?: QueuePort;
  routes?: { path: string; app: Hono }[];
  /** Extra fields for GET /healthz. */
  health?: () => Record<string, unknown>;
  /** How often the maintenance tick runs (reconcile included; ms, default 60 s as in
   * production; 0: reconcile only at start), repairing Redis after a broadcast failed or a wipe. */
  reconcileEveryMs?: number;
}

/** A running API server. */
export interface RunningApi {
  url: string;
  deps: ApiDeps;
  reconciled: ReconcileReport;
  close(): Promise<void>;
}

/**
 * Serves the API on Node: reconciles Redis from the control DB first (an in-process Redis
 * starts empty; a real one may have missed changes), then createApp(deps) plus GET /healthz,
 * and runs the maintenance tasks every minute as the production schedule does.
 */
export async function startApi(opts: StartApiOptions): Promise<RunningApi> {
  const broadcast = createConfigBroadcast({
    redis: opts.redis,
    ...(opts.keys ? { keys: opts.keys } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const deps: ApiDeps = {
    db: opts.db,
    ...(opts.timeseries ? { timeseries: opts.timeseries } : {}),
    redis: opts.redis,
    broadcast,
    config: opts.config,
    log: opts.log,
    clock: opts.clock ?? systemClock,
    ...(opts.queue ? { queue: opts.queue } : {}),
    ...(opts.config.oidc ? { oidc: oidcVerifier(opts.config.oidc) } : {}),
  };
  const reconcile = async () => {
    const report = await reconcileConfig({ ...deps, log: opts.log });
    await pruneConfigLog(opts.redis, broadcast.keys);
    return report;
  };
  const reconciled = await reconcile();
  const every = opts.reconcileEveryMs ?? 60_000;
  const ticks =
    every > 0
      ? startMaintenanceTicks({
          deps: {
            db: deps.db,
            redis: opts.redis,
            clock: deps.clock,
            log: opts.log,
            configKeys: broadcast.keys,
          },
          tasks: maintenanceTasks,
          everyMs: every,
          log: opts.log,
        })
      : undefined;

  const root = new Hono();
  root.get("/healthz", (c) => c.json({ ok: true, ...opts.health?.() }));
  for (const r of opts.routes ?? []) root.route(r.path, r.app);
  root.route("/", createApp(deps));

  const server = serve({
    fetch: root.fetch,
    port: opts.port,
    hostname: opts.hostname ?? "127.0.0.1",
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.hostname ?? "127.0.0.1"}:${port}`,
    deps,
    reconciled,
    close: () => {
      ticks?.stop();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** True when the database holds this key, unrevoked. */
async function keyIsLive(db: Database, key: string): Promise<boolean> {
  const prefix = keyPrefix(key);
  if (!prefix) return false;
  const [row] = await db
    .select({ hash: apiKeys.hash, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.prefix, prefix))
    .limit(1);
  return row !== undefined && row.revokedAt === null && keyMatches(key, row.hash);
}

/**
 * The local stack's key: read from `file` when an earlier start wrote it and the database
 * still accepts it; otherwise (first start, or a fresh database behind an old file) a new
 * organization (business plan, so the local interval floor applies) and key, written once.
 */
export async function ensureLocalApiKey(
  db: Database,
  file: string,
): Promise<{ key: string; created: boolean }> {
  if (existsSync(file)) {
    const key = readFileSync(file, "utf8").trim();
    if (await keyIsLive(db, key)) return { key, created: false };
  }
  const { key } = await createOrganizationWithKey(db, { name: "local", plan: "business" });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, created: true };
}

/**
 * The local stack's Redis: the in-process one by default, or, with REDIS_URL, one fail-fast
 * connection for the API (it must answer while Redis is down) and one for the probes.
 */
export function openLocalRedis(redisUrl?: string) {
  if (!redisUrl) {
    const m = memoryRedis();
    return {
      api: m.port,
      probes: { redis: m.port, subscriber: m.subscriber },
      close: async () => {},
    };
  }
  const api = ioredisAdapter({ url: redisUrl, failFast: true, commandTimeoutMs: 1_000 });
  const probes = ioredisAdapter({ url: redisUrl });
  return {
    api: api.port,
    probes: { redis: probes.port, subscriber: probes.subscriber },
    close: async () => {
      await Promise.all([api.close(), probes.close()]);
    },
  };
}
