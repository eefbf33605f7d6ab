import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { systemClock } from "../../../adapters/clock/clock";
import type { DatabaseHandle } from "../../../adapters/db/types";
import type { Logger } from "../../../adapters/log/logger";
import { createConfigBroadcast } from "../../../adapters/redis/config-broadcast";
import { configFromRow } from "../../../adapters/redis/config-from-row";
import { type ConfigKeys, configKeys } from "../../../adapters/redis/config-keys";
import type { RedisPort } from "../../../adapters/redis/port";
import { domains } from "../../../schema/control/domains";
import { createApp } from "../app";
import type { ApiConfig } from "../config";
import type { ApiDeps } from "../deps";
import { createOrganizationWithKey, type KeyScope } from "../keys/create-key";
import type { PlanTier } from "../plans";

/** A logger that keeps lines for assertions instead of printing them. */
export function memoryLogger(): Logger & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (msg: string) => {
    lines.push({ level, msg });
  };
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

/** API settings for tests, with overrides. */
export function anApiConfig(over: Partial<ApiConfig> = {}): ApiConfig {
  return {
    regions: ["ams", "iad", "sin"],
    minIntervalSeconds: 30,
    bodyLimitBytes: 16_384,
    ...over,
  };
}

/** An app on a given database and Redis, with helpers to call it as an organization. */
export function apiHarness(opts: {
  db: DatabaseHandle;
  /** The time-series DB, for the uptime routes (omitted: they answer empty buckets). */
  timeseries?: DatabaseHandle;
  redis: RedisPort;
  keys?: ConfigKeys;
  config?: Partial<ApiConfig>;
  /** Extra ports (sign-in verifier, queue). */
  deps?: Partial<ApiDeps>;
}) {
  const keys = opts.keys ?? configKeys();
  const log = memoryLogger();
  const deps: ApiDeps = {
    db: opts.db.db,
    ...(opts.timeseries ? { timeseries: opts.timeseries.db } : {}),
    redis: opts.redis,
    broadcast: createConfigBroadcast({ redis: opts.redis, keys }),
    config: anApiConfig(opts.config),
    log,
    clock: systemClock,
    ...opts.deps,
  };
  const app = createApp(deps);

  /** A request with an optional key and JSON body, answered with its status and JSON. */
  async function call(
    method: string,
    path: string,
    key?: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) {
    const headers: Record<string, string> = { ...extra };
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
    const res = await app.request(path, init);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary answers
    return { status: res.status, body: json as any };
  }

  return {
    app,
    deps,
    log,
    keys,
    call,
    /** A new organization on a plan, with a key of the given scopes. */
    async org(plan: PlanTier = "business", scopes: KeyScope[] = ["read", "write"]) {
      return createOrganizationWithKey(opts.db.db, { name: `org-${randomUUID()}`, plan, scopes });
    },
    /** Asserts Redis holds exactly the DB's configs (every domain in this database). */
    async expectRedisMatchesDb(): Promise<void> {
      const rows = await opts.db.db.select().from(domains);
      const expected = Object.fromEntries(
        rows.map((r) => [r.id, JSON.stringify(configFromRow(r))]),
      );
      expect(await opts.redis.hgetall(keys.hash)).toEqual(expected);
    },
  };
}

/** A POST /v1/domains body with overrides. */
export function aDomainBody(over: Record<string, unknown> = {}) {
  return { url: `https://${randomUUID().slice(0, 8)}.example.com/health`, ...over };
}

/** What apiHarness returns. */
export type ApiHarness = ReturnType<typeof apiHarness>;
