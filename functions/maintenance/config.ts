import { z } from "zod";
import { parseEnv } from "../../adapters/config/env";
import { type RedisTarget, redisEnv, redisTarget } from "../../adapters/redis/target";

const ms = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const schema = z.object({
  DATABASE_URL: z.string().min(1),
  ...redisEnv,
  DB_CONNECT_TIMEOUT_MS: ms(100, 60_000, 5_000),
  /** A tick's longest statement; a reconcile of 100k domains reads in pages well under it. */
  DB_STATEMENT_TIMEOUT_MS: ms(1_000, 600_000, 60_000),
  REDIS_TIMEOUT_MS: ms(100, 60_000, 10_000),
});

/** Maintenance settings, parsed once per cold start. */
export type MaintenanceConfig = Readonly<{
  databaseUrl: string;
  redis: RedisTarget;
  dbConnectTimeoutMs: number;
  dbStatementTimeoutMs: number;
  redisTimeoutMs: number;
}>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadMaintenanceConfig(env: NodeJS.ProcessEnv = process.env): MaintenanceConfig {
  const c = parseEnv(schema, env);
  return Object.freeze({
    databaseUrl: c.DATABASE_URL,
    redis: redisTarget(c),
    dbConnectTimeoutMs: c.DB_CONNECT_TIMEOUT_MS,
    dbStatementTimeoutMs: c.DB_STATEMENT_TIMEOUT_MS,
    redisTimeoutMs: c.REDIS_TIMEOUT_MS,
  });
}
