import { type Clock, systemClock } from "../clock/clock";
import { createMemoryStore } from "./memory-store";
import { memoryStreams } from "./memory-stream";
import { memoryStreamGroups } from "./memory-stream-groups";
import type { RedisPort, RedisSubscriber } from "./port";

const MAX_PUBLISHED = 10_000;

/**
 * In-process Redis (the embedded default): one instance is one "server"; a publish reaches
 * this instance's subscribers asynchronously, as it would over the network.
 */
export function memoryRedis(opts: { clock?: Clock } = {}) {
  const clock = opts.clock ?? systemClock;
  const channels = new Map<string, Set<(message: string) => void>>();
  const published: { channel: string; message: string }[] = [];

  function deliver(channel: string, message: string): number {
    published.push({ channel, message });
    // a record for tests, bounded so a long-running local stack does not grow with it
    if (published.length > MAX_PUBLISHED) published.splice(0, published.length - MAX_PUBLISHED);
    const listeners = [...(channels.get(channel) ?? [])];
    for (const fn of listeners) queueMicrotask(() => fn(message));
    return listeners.length;
  }

  const store = createMemoryStore(clock, deliver);
  const streams = memoryStreams(store, clock);
  const groups = memoryStreamGroups(store, clock);
  const s = store.sync;
  // async wrappers: a thrown RedisError becomes a rejection, as with a network adapter
  const later = <T>(fn: () => T): Promise<T> => new Promise((resolve) => resolve(fn()));

  const port: RedisPort = {
    get: (key) => later(() => s.get(key)),
    set: (key, value, o) => later(() => s.set(key, value, o)),
    mset: (values) =>
      later(() => {
        for (const [k, v] of Object.entries(values)) s.set(k, v, undefined);
      }),
    del: (...keys) => later(() => s.del(...keys)),
    incr: (key) => later(() => s.incr(key)),
    pexpire: (key, ms) => later(() => store.pexpire(key, ms)),
    hget: (key, field) => later(() => s.hget(key, field)),
    hmget: (key, fields) => later(() => s.hmget(key, fields)),
    hgetall: (key) => later(() => s.hgetall(key)),
    hset: (key, fields) => later(() => s.hset(key, fields)),
    hdel: (key, ...fields) => later(() => s.hdel(key, ...fields)),
    hlen: (key) => later(() => Object.keys(s.hgetall(key)).length),
    zadd: (key, members) => later(() => s.zadd(key, members)),
    zrangebyscore: (key, min, max, o) =>
      later(() => {
        const all = s.zrangebyscore(key, min, max);
        return o ? all.slice(o.offset, o.offset + o.count) : all;
      }),
    zremrangebyscore: (key, min, max) => later(() => store.zremrangebyscore(key, min, max)),
    zscore: (key, member) => later(() => s.zscore(key, member)),
    publish: (channel, message) => later(() => s.publish(channel, message)),
    xaddMany: (key, entries, maxLen) => later(() => streams.xaddMany(key, entries, maxLen)),
    xrange: (key, start, end, count) => later(() => streams.xrange(key, start, end, count)),
    xdel: (key, ids) => later(() => streams.xdel(key, ids)),
    xtrimMinId: (key, minId) => later(() => streams.xtrimMinId(key, minId)),
    xlen: (key) => later(() => streams.xlen(key)),
    xtrimMaxLen: (key, maxLen) => later(() => streams.xtrimMaxLen(key, maxLen)),
    xgroupCreate: (key, g, start) => later(() => groups.xgroupCreate(key, g, start)),
    xreadgroup: (key, g, c, n) => later(() => groups.xreadgroup(key, g, c, n)),
    xack: (key, g, ids) => later(() => groups.xack(key, g, ids)),
    xautoclaim: (key, g, c, idle, start, n) =>
      later(() => groups.xautoclaim(key, g, c, idle, start, n)),
    xpendingCount: (key, g) => later(() => groups.xpendingCount(key, g)),
    run: (script, keys, args) => later(() => script.parse(script.native(s, keys, args))),
    ping: () => later(() => undefined),
  };

  const subscriber: RedisSubscriber = {
    async subscribe(channel, onMessage) {
      const set = channels.get(channel) ?? new Set();
      channels.set(channel, set);
      // wrap so the same function subscribed twice is two subscriptions
      const listener = (m: string) => onMessage(m);
      set.add(listener);
      return async () => {
        set.delete(listener);
      };
    },
  };

  /** Loses every key (a wiped Redis), for the pipeline replay's fault injection. */
  const wipe = () => store.wipe();
  return { ...port, port, subscriber, published, wipe };
}

/** The memory adapter's handle: the port, a subscriber, and what was published (for tests). */
export type MemoryRedis = ReturnType<typeof memoryRedis>;
