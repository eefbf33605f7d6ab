/** The slice of the Workers Cache API the edge uses (caches.default in production). */
export interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/** Seconds a response may be kept by a shared cache, from its Cache-Control (0: not at all). */
export function sharedMaxAge(cacheControl: string | null): number {
  if (!cacheControl || /no-store|private/.test(cacheControl)) return 0;
  const s = /s-maxage=(\d+)/.exec(cacheControl) ?? /max-age=(\d+)/.exec(cacheControl);
  return s ? Number(s[1]) : 0;
}

/**
 * An in-process stand-in for the Cache API (the local stack on Node has none): it keeps a
 * response for its s-maxage (else max-age), as caches.default does, and at most `limit` keys.
 */
export function memoryCache(
  opts: { now?: () => number; limit?: number; maxTtlSeconds?: number } = {},
): CacheLike {
  const now = opts.now ?? Date.now;
  const limit = opts.limit ?? 1_000;
  const maxTtl = opts.maxTtlSeconds ?? Number.POSITIVE_INFINITY;
  const entries = new Map<
    string,
    { expires: number; body: ArrayBuffer; status: number; headers: [string, string][] }
  >();
  return {
    async match(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return new Response(e.body.slice(0), { status: e.status, headers: e.headers });
    },
    async put(key, response) {
      const ttl = Math.min(maxTtl, sharedMaxAge(response.headers.get("cache-control")));
      if (ttl <= 0) return;
      const body = await response.arrayBuffer();
      if (entries.size >= limit && !entries.has(key)) {
        entries.delete(entries.keys().next().value as string);
      }
      entries.set(key, {
        expires: now() + ttl * 1000,
        body,
        status: response.status,
        headers: [...response.headers],
      });
    },
    async delete(key) {
      return entries.delete(key);
    },
  };
}

/**
 * Two caches in front of each other: a hit in `back` is copied to `front`, a put goes to both.
 * The Worker keeps a few seconds of pages in its isolate before caches.default, so a hot page
 * costs no Cache API call at all.
 */
export function layeredCache(front: CacheLike, back: CacheLike): CacheLike {
  return {
    async match(key) {
      const hit = await front.match(key);
      if (hit) return hit;
      const res = await back.match(key);
      if (res) await front.put(key, res.clone());
      return res;
    },
    async put(key, response) {
      await Promise.all([front.put(key, response.clone()), back.put(key, response)]);
    },
    async delete(key) {
      const [a, b] = await Promise.all([front.delete(key), back.delete(key)]);
      return a || b;
    },
  };
}
