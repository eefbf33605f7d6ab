import { sql } from "drizzle-orm";
import { pgArray } from "../../adapters/db/pg-array";
import type { Database } from "../../adapters/db/types";
import type { RollupDelta, RollupGrain } from "./rollup";

/** A roll-up table: one of the per-region grains, or the daily sum over all regions. */
export type RollupTarget = RollupGrain | "dayAllRegions";

const TABLE: Record<RollupTarget, { name: string; regional: boolean }> = {
  hour: { name: "rollups_hourly", regional: true },
  day: { name: "rollups_daily", regional: true },
  dayAllRegions: { name: "rollups_daily_all", regional: false },
};
const CHUNK = 20_000; // deltas per statement, as the bulk unnest writer chunks

/**
 * Adds deltas into a roll-up table: one INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE
 * per chunk, counts and sums added, min/max kept, histograms merged by dp_hist_merge. The
 * all-regions table has no region column; the deltas' region is ignored there.
 */
export async function upsertRollups(
  db: Database,
  target: RollupTarget,
  deltas: readonly RollupDelta[],
): Promise<void> {
  for (let i = 0; i < deltas.length; i += CHUNK) {
    await upsertChunk(db, TABLE[target], deltas.slice(i, i + CHUNK));
  }
}

async function upsertChunk(
  db: Database,
  table: { name: string; regional: boolean },
  d: readonly RollupDelta[],
) {
  const col = <T>(f: (x: RollupDelta) => T) => sql.param(pgArray(d.map(f)));
  const t = sql.identifier(table.name);
  const region = table.regional ? sql`region, ` : sql``;
  const regions = table.regional ? sql`${col((x) => x.region)}::text[], ` : sql``;
  await db.execute(sql`
    INSERT INTO ${t} AS r (bucket, domain_id, ${region}checks, failures, latency_count,
      latency_sum, latency_min, latency_max, dns_ms_sum, connect_ms_sum, tls_ms_sum,
      ttfb_ms_sum, hist_offset, histogram)
    SELECT bucket, domain_id, ${region}checks, failures, latency_count, latency_sum,
      latency_min, latency_max, dns, connect, tls, ttfb, hist_offset, hist::int[]
    FROM unnest(
      ${col((x) => x.bucket)}::timestamptz[], ${col((x) => x.domainId)}::uuid[],
      ${regions}${col((x) => x.checks)}::int[],
      ${col((x) => x.failures)}::int[], ${col((x) => x.latencyCount)}::int[],
      ${col((x) => x.latencySum)}::float8[], ${col((x) => x.latencyMin)}::real[],
      ${col((x) => x.latencyMax)}::real[], ${col((x) => x.dnsMsSum)}::float8[],
      ${col((x) => x.connectMsSum)}::float8[], ${col((x) => x.tlsMsSum)}::float8[],
      ${col((x) => x.ttfbMsSum)}::float8[], ${col((x) => x.histogram.offset)}::int[],
      ${col((x) => `{${x.histogram.counts.join(",")}}`)}::text[]
    ) AS u(bucket, domain_id, ${region}checks, failures, latency_count, latency_sum,
      latency_min, latency_max, dns, connect, tls, ttfb, hist_offset, hist)
    ON CONFLICT (domain_id, ${region}bucket) DO UPDATE SET
      checks = r.checks + excluded.checks,
      failures = r.failures + excluded.failures,
      latency_count = r.latency_count + excluded.latency_count,
      latency_sum = r.latency_sum + excluded.latency_sum,
      latency_min = least(r.latency_min, excluded.latency_min),
      latency_max = greatest(r.latency_max, excluded.latency_max),
      dns_ms_sum = r.dns_ms_sum + excluded.dns_ms_sum,
      connect_ms_sum = r.connect_ms_sum + excluded.connect_ms_sum,
      tls_ms_sum = r.tls_ms_sum + excluded.tls_ms_sum,
      ttfb_ms_sum = r.ttfb_ms_sum + excluded.ttfb_ms_sum,
      hist_offset = dp_hist_offset(r.hist_offset, r.histogram, excluded.hist_offset, excluded.histogram),
      histogram = dp_hist_merge(r.hist_offset, r.histogram, excluded.hist_offset, excluded.histogram)`);
}
