import type { Clock } from "../clock/clock";
import { RedisError, type ScoreBound, type StreamEntry, type SyncRedis } from "./port";

type Value =
  | { type: "string"; value: string }
  | { type: "hash"; value: Map<string, string> }
  | { type: "zset"; value: Map<string, number> }
  | {
      type: "stream";
      value: StreamEntry[];
      last: [number, number];
      groups?: Map<string, StreamGroup>;
    };

/** A stream as the store holds it. */
export type StreamValue = Extract<Value, { type: "stream" }>;

/** An empty stream, typed so its optional parts can be filled later. */
export const emptyStream = (): StreamValue => ({ type: "stream", value: [], last: [0, -1] });

/** A consumer group: the last id it handed out and its pending entries (id → owner). */
export interface StreamGroup {
  lastId: string;
  pending: Map<string, { consumer: string; deliveredAt: number }>;
}

type Entry = { data: Value; expiresAt: number | null };

/** Parses a ZRANGEBYSCORE bound into a predicate on one side. */
function bound(b: ScoreBound, side: "min" | "max"): (score: number) => boolean {
  const text = String(b);
  const exclusive = text.startsWith("(");
  const raw = exclusive ? text.slice(1) : text;
  const n = raw === "-inf" ? -Infinity : raw === "+inf" || raw === "inf" ? Infinity : Number(raw);
  if (Number.isNaN(n)) throw new RedisError("REDIS_COMMAND", `ERR min or max is not a float: ${b}`);
  if (side === "min") return exclusive ? (s) => s > n : (s) => s >= n;
  return exclusive ? (s) => s < n : (s) => s <= n;
}

/** Orders stream ids "ms-seq". */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number) as [number, number];
  const [bm, bs] = b.split("-").map(Number) as [number, number];
  return am !== bm ? am - bm : (as ?? 0) - (bs ?? 0);
}

/**
 * The in-process Redis data model: strings with TTL, hashes, sorted sets and streams.
 * Synchronous, so a script's native twin is atomic; the memory adapter wraps it in promises.
 */
export function createMemoryStore(clock: Clock, onPublish: (ch: string, msg: string) => number) {
  const data = new Map<string, Entry>();

  function read<T extends Value["type"]>(key: string, type: T) {
    const entry = data.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= clock.now()) {
      data.delete(key);
      return undefined;
    }
    if (entry.data.type !== type) {
      throw new RedisError("REDIS_COMMAND", `WRONGTYPE ${key} holds a ${entry.data.type}`);
    }
    return entry.data as Extract<Value, { type: T }>;
  }

  function create<T extends Value>(key: string, fresh: T): T {
    data.set(key, { data: fresh, expiresAt: null });
    return fresh;
  }

  const sync = {
    get: (key) => read(key, "string")?.value ?? null,
    set(key, value, opts) {
      if (opts?.nx && data.has(key) && exists(key)) return false;
      const expiresAt = opts?.px ? clock.now() + opts.px : null;
      data.set(key, { data: { type: "string", value }, expiresAt });
      return true;
    },
    del: (...keys) => keys.filter((k) => exists(k) && data.delete(k)).length,
    incr(key) {
      const current = read(key, "string");
      const n = current ? Number(current.value) : 0;
      if (!Number.isInteger(n)) {
        throw new RedisError("REDIS_COMMAND", "ERR value is not an integer or out of range");
      }
      if (current) current.value = String(n + 1);
      else create(key, { type: "string", value: String(n + 1) });
      return n + 1;
    },
    pexpire(key, ms) {
      if (!exists(key)) return false;
      data.get(key)!.expiresAt = clock.now() + ms;
      return true;
    },
    hget: (key, field) => read(key, "hash")?.value.get(field) ?? null,
    hmget(key, fields) {
      const h = read(key, "hash")?.value;
      return fields.map((f) => h?.get(f) ?? null);
    },
    hgetall: (key) => Object.fromEntries(read(key, "hash")?.value ?? []),
    hset(key, fields) {
      const h = read(key, "hash") ?? create(key, { type: "hash", value: new Map() });
      let added = 0;
      for (const [f, v] of Object.entries(fields)) {
        if (!h.value.has(f)) added += 1;
        h.value.set(f, v);
      }
      return added;
    },
    hdel(key, ...fields) {
      const h = read(key, "hash");
      if (!h) return 0;
      const removed = fields.filter((f) => h.value.delete(f)).length;
      if (h.value.size === 0) data.delete(key);
      return removed;
    },
    zadd(key, members) {
      const z = read(key, "zset") ?? create(key, { type: "zset", value: new Map() });
      let added = 0;
      for (const { score, member } of members) {
        if (!z.value.has(member)) added += 1;
        z.value.set(member, score);
      }
      return added;
    },
    zrangebyscore(key, min, max) {
      const z = read(key, "zset")?.value;
      if (!z) return [];
      const lo = bound(min, "min");
      const hi = bound(max, "max");
      const hits = [...z].filter(([, s]) => lo(s) && hi(s));
      hits.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return hits.map(([m]) => m);
    },
    zscore: (key, member) => read(key, "zset")?.value.get(member) ?? null,
    zrem(key, ...members) {
      const z = read(key, "zset");
      if (!z) return 0;
      const removed = members.filter((m) => z.value.delete(m)).length;
      if (z.value.size === 0) data.delete(key);
      return removed;
    },
    publish: (channel, message) => onPublish(channel, message),
  } satisfies SyncRedis;

  function exists(key: string): boolean {
    const entry = data.get(key);
    if (!entry) return false;
    if (entry.expiresAt !== null && entry.expiresAt <= clock.now()) {
      data.delete(key);
      return false;
    }
    return true;
  }

  return {
    sync,
    read,
    create,
    exists,
    /** Sets the expiry of an existing key; false when there is none. */
    pexpire(key: string, ms: number): boolean {
      if (!exists(key)) return false;
      data.get(key)!.expiresAt = clock.now() + ms;
      return true;
    },
    /** Loses every key at once, as a Redis that restarted without persistence (tests, replay). */
    wipe(): void {
      data.clear();
    },
    zremrangebyscore(key: string, min: ScoreBound, max: ScoreBound): number {
      const z = read(key, "zset");
      if (!z) return 0;
      const gone = sync.zrangebyscore(key, min, max);
      for (const m of gone) z.value.delete(m);
      if (z.value.size === 0) data.delete(key);
      return gone.length;
    },
  };
}

/** What createMemoryStore returns. */
export type MemoryStore = ReturnType<typeof createMemoryStore>;
