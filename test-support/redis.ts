import { Redis } from "ioredis";
import type { ContractTarget } from "../adapters/redis/contract.test-suite";
import type { RedisPort, RedisSubscriber } from "../adapters/redis/port";

/** Deletes every key matching `prefix*` on a real Redis (int suites clean up after themselves). */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

/**
 * A contract target on a real Redis at `url`: commands go to `redis`, notices arrive on `sub`'s
 * subscriber; closing deletes the suite's keys and then closes `sub`.
 */
export function realRedisTarget(
  url: string,
  redis: RedisPort,
  sub: { subscriber: RedisSubscriber; close(): Promise<void> },
): ContractTarget {
  return {
    redis,
    subscriber: sub.subscriber,
    async close(prefix) {
      await deleteKeysWithPrefix(url, prefix);
      await sub.close();
    },
  };
}
