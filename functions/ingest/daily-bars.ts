import { and, gte, inArray, lte, sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import {
  type StatusWriteStore,
  utcDay,
  writeDailyBars,
} from "../../adapters/redis/status-read-model";
import { rollupsDaily } from "../../schema/timeseries/rollups-daily";
import type { DayBar } from "../../schema/wire/status-page";
import type { RollupDelta } from "./rollup";

/**
 * The status pages' day bars, kept by ingest: after a commit, the touched (domain, day) totals
 * over all regions are read back from the daily roll-ups (the source of truth) and replace the
 * stored bars, so a replayed or repeated call writes the same values.
 */
export function publishDailyBars(deps: {
  db: Database;
  redis: StatusWriteStore;
  clock: { now(): number };
}) {
  return async (deltas: readonly RollupDelta[]): Promise<void> => {
    if (deltas.length === 0) return;
    const domainIds = [...new Set(deltas.map((d) => d.domainId))];
    const times = deltas.map((d) => d.bucket.getTime());
    const rows = await deps.db
      .select({
        domainId: rollupsDaily.domainId,
        bucket: rollupsDaily.bucket,
        checks: sql<number>`sum(${rollupsDaily.checks})::int`,
        failures: sql<number>`sum(${rollupsDaily.failures})::int`,
      })
      .from(rollupsDaily)
      .where(
        and(
          inArray(rollupsDaily.domainId, domainIds),
          gte(rollupsDaily.bucket, new Date(Math.min(...times))),
          lte(rollupsDaily.bucket, new Date(Math.max(...times))),
        ),
      )
      .groupBy(rollupsDaily.domainId, rollupsDaily.bucket);
    const byDomain = new Map<string, DayBar[]>();
    for (const r of rows) {
      const bars = byDomain.get(r.domainId) ?? [];
      bars.push({
        day: utcDay(new Date(r.bucket).getTime()),
        checks: r.checks,
        failures: r.failures,
      });
      byDomain.set(r.domainId, bars);
    }
    const now = deps.clock.now();
    for (const [domainId, bars] of byDomain) await writeDailyBars(deps.redis, domainId, bars, now);
  };
}
