import type { RedisPort, RedisScript } from "../../adapters/redis/port";
import { redisKeys } from "../../schema/redis-keys";
import type { RegionStatus } from "../../schema/wire/domain-status";
import type { IngestRecord } from "./records";

/** How long a domain's region checks live after the last write (a deleted domain's go away). */
export const REGION_CHECKS_TTL_MS = 86_400_000;

// ARGV: ttl, then per key (in KEYS order) region, checkedAt, JSON. A write older than what is
// stored is skipped, so two overlapping ingests cannot move a region's latest check backwards.
// ISO times of one format compare as strings.
const LUA = `local ttl = ARGV[1]
local n = 0
for i = 1, #KEYS do
  local region = ARGV[3 * i - 1]
  local at = ARGV[3 * i]
  local cur = redis.call('HGET', KEYS[i], region .. '@')
  if (not cur) or cur < at then
    redis.call('HSET', KEYS[i], region, ARGV[3 * i + 1], region .. '@', at)
    n = n + 1
  end
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return n`;

/** Writes each (domain, region)'s latest check unless a newer one is stored; resolves the writes. */
export const writeRegionChecks: RedisScript<number> = {
  name: "ingest-region-checks",
  lua: LUA,
  native(store, keys, args) {
    const ttl = Number(args[0]);
    let n = 0;
    keys.forEach((key, i) => {
      const [region, at, json] = [args[3 * i + 1]!, args[3 * i + 2]!, args[3 * i + 3]!];
      const cur = store.hget(key, `${region}@`);
      if (cur === null || cur < at) {
        store.hset(key, { [region]: json, [`${region}@`]: at });
        n += 1;
      }
      store.pexpire(key, ttl);
    });
    return n;
  },
  parse: (reply) => Number(reply),
};

const CHUNK = 2_000; // keys per script call: bounds one call's argument list

/** The latest check of each (domain, region) in a batch, as RegionStatus. */
export function latestChecks(records: readonly IngestRecord[]) {
  const latest = new Map<IngestRecord["series"], IngestRecord>();
  for (const row of records) {
    const cur = latest.get(row.series);
    if (!cur || cur.ts.getTime() < row.ts.getTime()) latest.set(row.series, row);
  }
  return [...latest.values()].map((row) => {
    const status: RegionStatus = {
      ok: row.ok,
      checkedAt: row.ts.toISOString(),
      error: row.errorCode ?? null,
      latencyMs: row.totalMs ?? null,
    };
    return { domainId: row.domainId, region: row.region, status };
  });
}

/** Publishes the batch's latest check per domain and region for `GET …/status`. */
export async function publishRegionChecks(
  redis: RedisPort,
  records: readonly IngestRecord[],
  keyOf: (domainId: string) => string = redisKeys.regionChecks,
): Promise<number> {
  const checks = latestChecks(records);
  let written = 0;
  for (let i = 0; i < checks.length; i += CHUNK) {
    const chunk = checks.slice(i, i + CHUNK);
    const args = [String(REGION_CHECKS_TTL_MS)];
    for (const c of chunk) args.push(c.region, c.status.checkedAt, JSON.stringify(c.status));
    written += await redis.run(
      writeRegionChecks,
      chunk.map((c) => keyOf(c.domainId)),
      args,
    );
  }
  return written;
}
