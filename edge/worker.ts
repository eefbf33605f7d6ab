import type { Hono } from "hono";
import { createEdgeApp } from "./app";
import { type CacheLike, layeredCache, memoryCache } from "./cache";
import { loadEdgeConfig } from "./config";
import { upstashStore } from "./upstash-store";

type ExecutionContextLike = Parameters<Hono["fetch"]>[2];

// per isolate: built on the first request from its bindings
let app: Hono | undefined;

/** caches.default of the Workers runtime (absent elsewhere). */
function defaultCache(): CacheLike | undefined {
  return (globalThis as { caches?: { default?: CacheLike } }).caches?.default;
}

/** The Cloudflare Worker entry: the edge app on Upstash REST and the Cache API. */
export default {
  fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContextLike) {
    if (!app) {
      const config = loadEdgeConfig(env);
      const shared = defaultCache();
      // a hot page is answered from the isolate for a few seconds, then from the colo's cache
      const isolate = config.isolateCacheSeconds;
      const cache =
        shared && isolate > 0
          ? layeredCache(memoryCache({ limit: 200, maxTtlSeconds: isolate }), shared)
          : shared;
      app = createEdgeApp({
        store: upstashStore({
          url: config.redisUrl,
          token: config.redisToken,
          timeoutMs: config.redisTimeoutMs,
        }),
        ...(cache ? { cache } : {}),
        freshSeconds: config.freshSeconds,
      });
    }
    return app.fetch(request, env, ctx);
  },
};
