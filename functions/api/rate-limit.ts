import type { MiddlewareHandler } from "hono";
import { redisKeys } from "../../schema/redis-keys";
import type { ApiEnv } from "./auth";
import type { ApiDeps } from "./deps";
import { ApiError } from "./errors";

const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window per API key or signed-in user, counted in Redis so every Lambda instance shares it.
 * Redis being unreachable lets requests through: the limit protects, it must not take the
 * API down with the cache.
 */
export function rateLimit(
  deps: Pick<ApiDeps, "redis" | "config" | "clock" | "log">,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const limit = deps.config.rateLimitPerMinute;
    if (!limit) return next();
    const now = deps.clock.now();
    const window = Math.floor(now / WINDOW_MS);
    const key = redisKeys.apiRateLimit(c.get("auth").principal, window);
    let count: number;
    try {
      count = await deps.redis.incr(key);
      if (count === 1) await deps.redis.pexpire(key, 2 * WINDOW_MS);
    } catch (err) {
      deps.log.warn("rate limit unavailable; request let through", { error: String(err) });
      return next();
    }
    c.header("RateLimit-Limit", String(limit));
    c.header("RateLimit-Remaining", String(Math.max(0, limit - count)));
    if (count > limit) {
      c.header("Retry-After", String(Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)));
      throw new ApiError(
        "rate_limited",
        `this key or user made more than ${limit} requests this minute`,
      );
    }
    await next();
  };
}
