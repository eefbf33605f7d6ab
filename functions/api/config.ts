import { z } from "zod";
import { parseEnv } from "../../adapters/config/env";
import { type RedisTarget, redisEnv, redisTarget } from "../../adapters/redis/target";

const csv = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "bad region name")).min(1));

const schema = z.object({
  REGIONS: csv.default(["ams", "iad", "sin"]),
  MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(65_536),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  DATABASE_URL: z.string().optional(),
  /** Roll-ups for GET /v1/domains/:id/uptime; without it every bucket reads 0 checks. */
  TIMESERIES_DATABASE_URL: z.string().optional(),
  ...redisEnv,
});

/** The API's settings, parsed once per cold start. */
export type ApiConfig = Readonly<{
  /** Regions known to the system, in preference order (a one-region plan gets the first). */
  regions: string[];
  /** The system's floor for a check interval; the top plan may go down to it. */
  minIntervalSeconds: number;
  bodyLimitBytes: number;
  /** Requests per API key per minute; 0 or absent: no limit. */
  rateLimitPerMinute?: number;
  databaseUrl?: string;
  timeseriesDatabaseUrl?: string;
  /** Absent in the local stack, which hands the API its own Redis. */
  redis?: RedisTarget;
}>;

/** Parses the environment; a bad value throws naming the variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const c = parseEnv(schema, env);
  const anyRedis = c.UPSTASH_REDIS_REST_URL || c.UPSTASH_REDIS_REST_TOKEN || c.REDIS_URL;
  return Object.freeze({
    regions: [...new Set(c.REGIONS)],
    minIntervalSeconds: c.MIN_INTERVAL_SECONDS,
    bodyLimitBytes: c.API_BODY_LIMIT_BYTES,
    rateLimitPerMinute: c.API_RATE_LIMIT_PER_MINUTE,
    ...(c.DATABASE_URL ? { databaseUrl: c.DATABASE_URL } : {}),
    ...(c.TIMESERIES_DATABASE_URL ? { timeseriesDatabaseUrl: c.TIMESERIES_DATABASE_URL } : {}),
    ...(anyRedis ? { redis: redisTarget(c) } : {}),
  });
}
