/**
 * The Redis port: config broadcast, results stream, alert state, status cache.
 * Three adapters implement it (Upstash REST, ioredis, in-process memory) and pass one
 * contract suite (contract.test-suite.ts). Values are strings; callers own (de)serialising.
 */

/** A score bound: a number, "-inf" / "+inf", or "(n" for an exclusive bound. */
export type ScoreBound = number | string;

/** One stream entry as XRANGE returns it. */
export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

/** A Lua script plus its native twin, so the in-process adapter runs it without Lua. */
export interface RedisScript<T> {
  /** Short name, for logs and errors. */
  name: string;
  /** Lua source run with EVAL/EVALSHA by the networked adapters. */
  lua: string;
  /** The same effect against the memory adapter's synchronous store (atomic by construction). */
  native(store: SyncRedis, keys: string[], args: string[]): unknown;
  /**
   * For a read-only script: the same reads as one MULTI/EXEC, which an adapter may run instead
   * of Lua (a big reply skips Lua's conversion). Its replies must match the Lua reply's shape.
   */
  transaction?(keys: string[], args: string[]): string[][];
  /** Maps the raw reply (Lua's, the transaction's or native's) to the caller's type. */
  parse(reply: unknown): T;
}

/** The port. Every method is one round trip, `batch`-like methods included. */
export interface RedisPort {
  get(key: string): Promise<string | null>;
  /** SET with an optional time-to-live in ms (PX) and NX; resolves false when NX refused it. */
  set(key: string, value: string, opts?: { px?: number; nx?: boolean }): Promise<boolean>;
  /** MSET: many string keys at once, without a time-to-live. */
  mset(values: Record<string, string>): Promise<void>;
  del(...keys: string[]): Promise<number>;
  incr(key: string): Promise<number>;
  /** PEXPIRE; false when the key does not exist. */
  pexpire(key: string, ms: number): Promise<boolean>;
  hget(key: string, field: string): Promise<string | null>;
  hmget(key: string, fields: string[]): Promise<(string | null)[]>;
  /** Every field of a hash; `{}` when it does not exist. */
  hgetall(key: string): Promise<Record<string, string>>;
  /** HSET of many fields at once; resolves the number of fields that were new. */
  hset(key: string, fields: Record<string, string>): Promise<number>;
  hdel(key: string, ...fields: string[]): Promise<number>;
  hlen(key: string): Promise<number>;
  /** ZADD of many members; resolves the number of members that were new. */
  zadd(key: string, members: { score: number; member: string }[]): Promise<number>;
  /** Members with min ≤ score ≤ max in score order, optionally limited. */
  zrangebyscore(
    key: string,
    min: ScoreBound,
    max: ScoreBound,
    opts?: { offset: number; count: number },
  ): Promise<string[]>;
  zremrangebyscore(key: string, min: ScoreBound, max: ScoreBound): Promise<number>;
  zscore(key: string, member: string): Promise<number | null>;
  /** PUBLISH; resolves the number of subscribers that received it (this node's). */
  publish(channel: string, message: string): Promise<number>;
  /** Pipelined XADD with auto ids and optional approximate MAXLEN trim; resolves the ids. */
  xaddMany(key: string, entries: Record<string, string>[], maxLen?: number): Promise<string[]>;
  /** XRANGE from `start` to `end` ("-" / "+" / ids, "(id" exclusive), at most `count`. */
  xrange(key: string, start: string, end: string, count?: number): Promise<StreamEntry[]>;
  /** XDEL of entries an ingest has committed; resolves how many were removed. */
  xdel(key: string, ids: string[]): Promise<number>;
  /** XTRIM MINID: drops every entry older than `minId`; resolves how many were removed. */
  xtrimMinId(key: string, minId: string): Promise<number>;
  xlen(key: string): Promise<number>;
  /** XTRIM MAXLEN ~: keeps about the newest `maxLen` entries; resolves how many were removed. */
  xtrimMaxLen(key: string, maxLen: number): Promise<number>;
  /** XGROUP CREATE … MKSTREAM from `startId` ("0": everything); false when the group exists. */
  xgroupCreate(key: string, group: string, startId?: string): Promise<boolean>;
  /** XREADGROUP … STREAMS key >: up to `count` never-delivered entries, now pending for `consumer`. */
  xreadgroup(key: string, group: string, consumer: string, count: number): Promise<StreamEntry[]>;
  /** XACK: resolves how many of `ids` were pending and are now acknowledged. */
  xack(key: string, group: string, ids: string[]): Promise<number>;
  /**
   * XAUTOCLAIM: moves entries pending longer than `minIdleMs` (a dead consumer's) to `consumer`.
   * `next` is the cursor for the following call ("0-0" once the whole list was scanned).
   */
  xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    count: number,
  ): Promise<{ next: string; entries: StreamEntry[] }>;
  /** XPENDING summary: how many entries are delivered and not yet acknowledged. */
  xpendingCount(key: string, group: string): Promise<number>;
  /** Runs a script atomically (EVALSHA with EVAL fallback; natively in memory). */
  run<T>(script: RedisScript<T>, keys: string[], args: string[]): Promise<T>;
  ping(): Promise<void>;
}

/** Subscribe side of Pub/Sub (ioredis and memory; Upstash REST only publishes). */
export interface RedisSubscriber {
  /**
   * Resolves once the subscription is active; the result unsubscribes.
   * Pub/Sub is at-most-once: callers must tolerate missed messages.
   */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
}

/**
 * The synchronous store a script's `native` twin runs against (memory adapter only).
 * Same semantics as the port's methods of the same names.
 */
export interface SyncRedis {
  get(key: string): string | null;
  set(key: string, value: string, opts?: { px?: number; nx?: boolean }): boolean;
  del(...keys: string[]): number;
  incr(key: string): number;
  pexpire(key: string, ms: number): boolean;
  hget(key: string, field: string): string | null;
  hmget(key: string, fields: string[]): (string | null)[];
  hgetall(key: string): Record<string, string>;
  hset(key: string, fields: Record<string, string>): number;
  hdel(key: string, ...fields: string[]): number;
  zadd(key: string, members: { score: number; member: string }[]): number;
  zrangebyscore(key: string, min: ScoreBound, max: ScoreBound): string[];
  zscore(key: string, member: string): number | null;
  zrem(key: string, ...members: string[]): number;
  publish(channel: string, message: string): number;
}

/** Error from an adapter: `code` says which kind, `cause` keeps the driver's error. */
export class RedisError extends Error {
  readonly code: "REDIS_UNAVAILABLE" | "REDIS_COMMAND";
  constructor(code: RedisError["code"], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RedisError";
    this.code = code;
  }
}
