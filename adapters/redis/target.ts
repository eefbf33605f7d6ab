import { z } from "zod";
import { configError } from "../config/env";
import { ioredisAdapter } from "./ioredis";
import type { RedisPort } from "./port";
import { upstashAdapter } from "./upstash";

/** The Redis settings a deployed unit reads: Upstash REST (Lambda, edge) or a TCP URL. */
export const redisEnv = {
  UPSTASH_REDIS_REST_URL: z.url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).optional(),
};

/** Which Redis to reach, and how. */
export type RedisTarget =
  | { kind: "upstash"; url: string; token: string }
  | { kind: "tcp"; url: string };

/** Chooses the target from parsed settings: Upstash when both its values are set, else REDIS_URL. */
export function redisTarget(env: {
  UPSTASH_REDIS_REST_URL?: string | undefined;
  UPSTASH_REDIS_REST_TOKEN?: string | undefined;
  REDIS_URL?: string | undefined;
}): RedisTarget {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = env;
  if (Boolean(url) !== Boolean(token)) {
    throw configError("UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together");
  }
  if (url && token) return { kind: "upstash", url, token };
  if (env.REDIS_URL) return { kind: "tcp", url: env.REDIS_URL };
  throw configError(
    "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or REDIS_URL, must be set",
  );
}

/**
 * Opens a request/response Redis for a Lambda: fail-fast, so a Redis outage costs a bounded
 * wait (timeoutMs) rather than a hung invocation.
 */
export function openRedisTarget(target: RedisTarget, timeoutMs = 1_000): RedisPort {
  return target.kind === "upstash"
    ? upstashAdapter({ url: target.url, token: target.token, timeoutMs }).port
    : ioredisAdapter({ url: target.url, failFast: true, commandTimeoutMs: timeoutMs }).port;
}
