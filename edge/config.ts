import { z } from "zod";

const Env = z.object({
  UPSTASH_REDIS_REST_URL: z.url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
  /** Seconds a page is shared by the cache. */
  STATUS_FRESH_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  REDIS_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(2_000),
  /** Seconds a hot page stays in the isolate before caches.default is asked (0: never). */
  ISOLATE_CACHE_SECONDS: z.coerce.number().int().min(0).max(30).default(5),
});

/** The Worker's settings, from its bindings (vars and secrets), parsed once per isolate. */
export type EdgeConfig = Readonly<{
  redisUrl: string;
  redisToken: string;
  freshSeconds: number;
  redisTimeoutMs: number;
  isolateCacheSeconds: number;
}>;

/** Parses the Worker's bindings; a missing or bad one throws naming it. */
export function loadEdgeConfig(env: Record<string, unknown>): EdgeConfig {
  const r = Env.safeParse(env);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`edge config: ${issue.path.join(".")}: ${issue.message}`);
  }
  return Object.freeze({
    redisUrl: r.data.UPSTASH_REDIS_REST_URL,
    redisToken: r.data.UPSTASH_REDIS_REST_TOKEN,
    freshSeconds: r.data.STATUS_FRESH_SECONDS,
    redisTimeoutMs: r.data.REDIS_TIMEOUT_MS,
    isolateCacheSeconds: r.data.ISOLATE_CACHE_SECONDS,
  });
}
