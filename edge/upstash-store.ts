import { Redis } from "@upstash/redis/cloudflare";
import type { StatusWriteStore } from "../adapters/redis/status-read-model";

/** Options of the Worker's Redis client. */
export interface UpstashStoreOptions {
  url: string;
  token: string;
  /** Per-request timeout in ms: a page must fall back to its last good copy, not hang. */
  timeoutMs?: number;
}

/** Folds HGETALL's reply (a flat [field, value, …] array, an object or null) into a record. */
function record(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  } else if (reply && typeof reply === "object") {
    for (const [k, v] of Object.entries(reply))
      out[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

/**
 * The edge's Redis over Upstash REST, on the Workers build of @upstash/redis (fetch only, no
 * Node modules). Auto-pipelining sends the reads a page issues together as one request. The
 * write methods exist for tests and tools that seed the read models over the same wire.
 */
export function upstashStore(opts: UpstashStoreOptions): StatusWriteStore {
  const timeoutMs = opts.timeoutMs ?? 2_000;
  const client = new Redis({
    url: opts.url,
    token: opts.token,
    automaticDeserialization: false,
    enableAutoPipelining: true,
    enableTelemetry: false,
    readYourWrites: false,
    // one quick retry: a page has its last good copy to fall back on
    retry: { retries: 1, backoff: () => 50 },
    signal: () => AbortSignal.timeout(timeoutMs),
  });
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    get: async (key) => str(await client.get(key)),
    async set(key, value, o) {
      const reply = o?.px
        ? await client.set(key, value, o.nx ? { px: o.px, nx: true } : { px: o.px })
        : await client.set(key, value, o?.nx ? { nx: true } : undefined);
      return reply !== null;
    },
    del: async (...keys) => (keys.length === 0 ? 0 : Number(await client.del(...keys))),
    hgetall: async (key) => record(await client.hgetall(key)),
    async hset(key, fields) {
      return Object.keys(fields).length === 0 ? 0 : Number(await client.hset(key, fields));
    },
    async hdel(key, ...fields) {
      return fields.length === 0 ? 0 : Number(await client.hdel(key, ...fields));
    },
  };
}
