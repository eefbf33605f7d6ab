import { z } from "zod";
import { configError, envUrlList, parseEnv } from "../../adapters/config/env";
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
  /** Sign-in: the identity provider whose JWTs are accepted beside API keys. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Least time between two JWKS fetches for an unknown key id (key rotation). */
  OIDC_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
  /** Dashboard origins allowed by CORS, comma-separated. */
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  /** GET /v1/events: how often the event log is read, and the heartbeat through proxies. */
  EVENTS_POLL_MS: z.coerce.number().int().min(10).max(10_000).default(100),
  EVENTS_HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
  /**
   * Operator acknowledgements go to consensus on this SQS queue (deployed API): one URL per
   * consensus shard, comma-separated, in shard order.
   */
  CONSENSUS_QUEUE_URL: envUrlList.optional(),
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
  /** Sign-in with the issuer's JWTs; absent: API keys only. */
  oidc?: OidcSettings;
  corsOrigins?: string[];
  eventsPollMs?: number;
  eventsHeartbeatMs?: number;
  /** The consensus queue of each shard, in shard order. */
  consensusQueueUrls?: readonly string[];
}>;

/** How JWTs of the identity provider are checked. */
export interface OidcSettings {
  issuer: string;
  audience: string;
  clockSkewSeconds: number;
  jwksCooldownMs: number;
}

/** Parses the environment; a bad value throws naming the variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const c = parseEnv(schema, env);
  const anyRedis = c.UPSTASH_REDIS_REST_URL || c.UPSTASH_REDIS_REST_TOKEN || c.REDIS_URL;
  if (c.OIDC_ISSUER && !c.OIDC_AUDIENCE) {
    throw configError("OIDC_AUDIENCE must be set when OIDC_ISSUER is");
  }
  return Object.freeze({
    regions: [...new Set(c.REGIONS)],
    minIntervalSeconds: c.MIN_INTERVAL_SECONDS,
    bodyLimitBytes: c.API_BODY_LIMIT_BYTES,
    rateLimitPerMinute: c.API_RATE_LIMIT_PER_MINUTE,
    ...(c.DATABASE_URL ? { databaseUrl: c.DATABASE_URL } : {}),
    ...(c.TIMESERIES_DATABASE_URL ? { timeseriesDatabaseUrl: c.TIMESERIES_DATABASE_URL } : {}),
    ...(anyRedis ? { redis: redisTarget(c) } : {}),
    ...(c.OIDC_ISSUER && c.OIDC_AUDIENCE
      ? {
          oidc: {
            issuer: c.OIDC_ISSUER,
            audience: c.OIDC_AUDIENCE,
            clockSkewSeconds: c.OIDC_CLOCK_SKEW_SECONDS,
            jwksCooldownMs: c.OIDC_JWKS_COOLDOWN_MS,
          },
        }
      : {}),
    corsOrigins: c.CORS_ORIGINS,
    eventsPollMs: c.EVENTS_POLL_MS,
    eventsHeartbeatMs: c.EVENTS_HEARTBEAT_MS,
    ...(c.CONSENSUS_QUEUE_URL ? { consensusQueueUrls: c.CONSENSUS_QUEUE_URL } : {}),
  });
}
