import { z } from "zod";
import { parseEnv } from "../../adapters/config/env";
import { type RedisTarget, redisEnv, redisTarget } from "../../adapters/redis/target";

const schema = z.object({
  DATABASE_URL: z.string({ error: "must be set (the control database)" }),
  ...redisEnv,
  /** How long to wait for the control DB to accept a connection. */
  ADMIN_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

/** The operator CLI's settings: the API's names (DATABASE_URL, Upstash or REDIS_URL). */
export type AdminConfig = Readonly<{
  databaseUrl: string;
  /** Only `reconcile` needs Redis; absent when no Redis setting is given. */
  redis?: RedisTarget;
  connectTimeoutMs: number;
}>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadAdminConfig(env: NodeJS.ProcessEnv = process.env): AdminConfig {
  const c = parseEnv(schema, env);
  const anyRedis = c.UPSTASH_REDIS_REST_URL || c.UPSTASH_REDIS_REST_TOKEN || c.REDIS_URL;
  return Object.freeze({
    databaseUrl: c.DATABASE_URL,
    ...(anyRedis ? { redis: redisTarget(c) } : {}),
    connectTimeoutMs: c.ADMIN_CONNECT_TIMEOUT_MS,
  });
}
