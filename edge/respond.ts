import type { Context } from "hono";
import type { CacheLike } from "./cache";

/** How a route reads its data and turns it into a response. */
export interface Responder<T> {
  /** The data, or null for a 404; throws when Redis cannot be read. */
  load(): Promise<T | null>;
  render(data: T, stale: boolean): Response | Promise<Response>;
  notFound(): Response | Promise<Response>;
}

/** What the cached responder needs from the app. */
export interface RespondOptions {
  cache?: CacheLike;
  /** Seconds a fresh response is shared (s-maxage). */
  freshSeconds: number;
  /** Seconds the last good copy is kept for when Redis fails. */
  staleSeconds: number;
  onRedisError(err: unknown, url: string): void;
}

/** The key of a URL's last good copy: same origin, so the Cache API accepts it. */
const staleKey = (url: URL) => `${url.origin}/__last-good${url.pathname}${url.search}`;

function withHeader(res: Response, name: string, value: string): Response {
  const out = new Response(res.body, res);
  out.headers.set(name, value);
  return out;
}

/** Runs `p` after the response when the runtime can (waitUntil), else before it. */
async function afterResponse(c: Context, p: Promise<unknown>): Promise<void> {
  let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(p.catch(() => {}));
  else await p.catch(() => {});
}

/**
 * The edge's one response path: a fresh cached copy if there is one; else read Redis, render,
 * and keep both the response (s-maxage) and its data as the last good copy; when Redis fails,
 * re-render the last good data marked stale, or answer 503 when there is none.
 */
export async function respond<T>(
  c: Context,
  opts: RespondOptions,
  r: Responder<T>,
): Promise<Response> {
  const url = new URL(c.req.url);
  const { cache } = opts;
  const hit = cache ? await cache.match(url.href) : undefined;
  if (hit) return withHeader(hit, "x-cache", "HIT");
  let data: T | null;
  try {
    data = await r.load();
  } catch (err) {
    opts.onRedisError(err, url.href);
    const saved = cache ? await cache.match(staleKey(url)) : undefined;
    if (!saved) {
      return c.text("Status is temporarily unavailable.", 503, {
        "cache-control": "no-store",
        "retry-after": "30",
      });
    }
    const res = await r.render(((await saved.json()) as { data: T }).data, true);
    res.headers.set("cache-control", "no-store");
    res.headers.set("x-status-stale", "1");
    return res;
  }
  if (data === null) return r.notFound();
  const res = await r.render(data, false);
  res.headers.set("cache-control", `public, max-age=10, s-maxage=${opts.freshSeconds}`);
  res.headers.set("x-cache", "MISS");
  if (cache) {
    const lastGood = Response.json(
      { data },
      { headers: { "cache-control": `public, max-age=${opts.staleSeconds}` } },
    );
    await afterResponse(
      c,
      Promise.all([cache.put(url.href, res.clone()), cache.put(staleKey(url), lastGood)]),
    );
  }
  return res;
}
