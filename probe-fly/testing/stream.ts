import type { RedisPort } from "../../adapters/redis/port";
import { entryResults, ProbeResultRecord } from "../../schema/wire";

/** Every record a results stream holds, in order, across its entries (one per flush). */
export async function streamedRecords(
  redis: Pick<RedisPort, "xrange">,
  key: string,
): Promise<ProbeResultRecord[]> {
  const entries = await redis.xrange(key, "-", "+");
  return entries.flatMap((e) =>
    (entryResults(e.fields) ?? []).map((r) => ProbeResultRecord.parse(r)),
  );
}
