/**
 * What the edge reads from Redis: two read commands. The Worker passes its Upstash REST store;
 * the local stack passes its in-process or ioredis RedisPort, which has both.
 */
export interface StatusReadStore {
  get(key: string): Promise<string | null>;
  /** Every field of a hash; `{}` when it does not exist. */
  hgetall(key: string): Promise<Record<string, string>>;
}
