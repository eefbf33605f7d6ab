import { z } from "zod";
import { parseEnv } from "../../adapters/config/env";
import { type RedisTarget, redisEnv, redisTarget } from "../../adapters/redis/target";

const schema = z.object({ DATABASE_URL: z.string().min(1), ...redisEnv });

/** Maintenance settings, parsed once per cold start. */
export type MaintenanceConfig = Readonly<{ databaseUrl: string; redis: RedisTarget }>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadMaintenanceConfig(env: NodeJS.ProcessEnv = process.env): MaintenanceConfig {
  const c = parseEnv(schema, env);
  return Object.freeze({ databaseUrl: c.DATABASE_URL, redis: redisTarget(c) });
}
