import type { RedisPort } from "../../../adapters/redis/port";
import { redisKeys } from "../../../schema/redis-keys";
import { type DomainStatus, RegionStatus } from "../../../schema/wire/domain-status";

/** Each region's latest check as ingest published it (missing or malformed ones left out). */
export async function readRegionChecks(
  redis: RedisPort,
  domainId: string,
  regions: readonly string[],
): Promise<Record<string, RegionStatus>> {
  if (regions.length === 0) return {};
  const raw = await redis.hmget(redisKeys.regionChecks(domainId), [...regions]);
  const out: Record<string, RegionStatus> = {};
  regions.forEach((region, i) => {
    const v = raw[i];
    if (v === null || v === undefined) return;
    try {
      const parsed = RegionStatus.safeParse(JSON.parse(v));
      if (parsed.success) out[region] = parsed.data;
    } catch {}
  });
  return out;
}

/**
 * The status with each region's latest check: consensus writes a region when its vote changes,
 * ingest every cycle, so per region the later `checkedAt` wins.
 */
export function withLatestChecks(
  status: DomainStatus,
  checks: Record<string, RegionStatus>,
): DomainStatus {
  const regions = { ...status.regions };
  for (const [region, check] of Object.entries(checks)) {
    const cur = regions[region];
    if (!cur || Date.parse(cur.checkedAt) < Date.parse(check.checkedAt)) regions[region] = check;
  }
  return { ...status, regions };
}
