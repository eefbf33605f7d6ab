import { sql } from "drizzle-orm";
import { pgArray } from "../../adapters/db/pg-array";
import type { Database } from "../../adapters/db/types";
import type { Histogram } from "../../schema/timeseries/latency-histogram";
import type { RollupDelta, RollupGrain } from "./rollup";

/** A roll-up table: one of the per-region grains, or the daily sum over all regions. */
export type RollupTarget = RollupGrain | "dayAllRegions";

const TABLE: Record<RollupTarget, { name: string; regional: boolean }> = {
  hour: { name: "rollups_hourly", regional: true },
  day: { name: "rollups_daily", regional: true },
  dayAllRegions: { name: "rollups_daily_all", regional: false },
};
const CHUNK = 20_000; // deltas per statement, as the bulk unnest writer chunks

/** The measures a delta adds, one SET item each, read from `src` (the deltas or `excluded`). */
const MEASURES = [
  "checks",
  "failures",
  "latency_count",
  "latency_sum",
  "dns_ms_sum",
  "connect_ms_sum",
  "tls_ms_sum",
  "ttfb_ms_sum",
];
const addMeasures = (src: string) =>
  sql.raw(
    [
      ...MEASURES.map((c) => `${c} = r.${c} + ${src}.${c}`),
      `latency_min = least(r.latency_min, ${src}.latency_min)`,
      `latency_max = greatest(r.latency_max, ${src}.latency_max)`,
    ].join(",\n        "),
  );

/**
 * A histogram's non-empty buckets as two array literals, ascending keys and their counts: what
 * dp_hist_add adds. A batch puts one or a few latencies into a series' bucket, so this is a
 * handful of numbers where the dense form spans every bucket between its lowest and highest.
 */
export function sparseBuckets(h: Readonly<Histogram>): { keys: string; counts: string } {
  let keys = "";
  let counts = "";
  for (let i = 0; i < h.counts.length; i++) {
    const c = h.counts[i]!;
    if (c === 0) continue;
    const sep = keys === "" ? "" : ",";
    keys += sep + (h.offset + i);
    counts += sep + c;
  }
  return { keys: `{${keys}}`, counts: `{${counts}}` };
}

/**
 * Adds deltas into a roll-up table, one statement per chunk. Rows already there are updated in
 * place, their histograms given the delta's buckets by dp_hist_add; the rest are inserted, and
 * one that another transaction inserted meanwhile is merged by ON CONFLICT DO UPDATE. Counts
 * and sums are added, min/max kept. The all-regions table has no region column; the deltas'
 * region is ignored there.
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
  const sparse = d.map((x) => sparseBuckets(x.histogram));
  const t = sql.identifier(table.name);
  const region = table.regional ? sql`region, ` : sql``;
  const regions = table.regional ? sql`${col((x) => x.region)}::text[], ` : sql``;
  const sameRegion = table.regional ? sql`AND r.region = u.region` : sql``;
  const sameRegionDone = table.regional ? sql`AND done.region = u.region` : sql``;
  await db.execute(sql`
    WITH u AS (
      SELECT bucket, domain_id, ${region}checks, failures, latency_count, latency_sum,
        latency_min, latency_max, dns_ms_sum, connect_ms_sum, tls_ms_sum, ttfb_ms_sum,
        keys::int[] AS keys, counts::int[] AS counts
      FROM unnest(
        ${col((x) => x.bucket)}::timestamptz[], ${col((x) => x.domainId)}::uuid[],
        ${regions}${col((x) => x.checks)}::int[],
        ${col((x) => x.failures)}::int[], ${col((x) => x.latencyCount)}::int[],
        ${col((x) => x.latencySum)}::float8[], ${col((x) => x.latencyMin)}::real[],
        ${col((x) => x.latencyMax)}::real[], ${col((x) => x.dnsMsSum)}::float8[],
        ${col((x) => x.connectMsSum)}::float8[], ${col((x) => x.tlsMsSum)}::float8[],
        ${col((x) => x.ttfbMsSum)}::float8[], ${sql.param(pgArray(sparse.map((s) => s.keys)))}::text[],
        ${sql.param(pgArray(sparse.map((s) => s.counts)))}::text[]
      ) AS u(bucket, domain_id, ${region}checks, failures, latency_count, latency_sum,
        latency_min, latency_max, dns_ms_sum, connect_ms_sum, tls_ms_sum, ttfb_ms_sum, keys,
        counts)
    ), done AS (
      UPDATE ${t} AS r SET
        ${addMeasures("u")},
        hist_offset = dp_hist_add_offset(r.hist_offset, r.histogram, u.keys),
        histogram = dp_hist_add(r.hist_offset, r.histogram, u.keys, u.counts)
      FROM u
      WHERE r.domain_id = u.domain_id ${sameRegion} AND r.bucket = u.bucket
      RETURNING r.domain_id, ${table.regional ? sql`r.region, ` : sql``}r.bucket
    )
    INSERT INTO ${t} AS r (bucket, domain_id, ${region}checks, failures, latency_count,
      latency_sum, latency_min, latency_max, dns_ms_sum, connect_ms_sum, tls_ms_sum,
      ttfb_ms_sum, hist_offset, histogram)
    SELECT bucket, domain_id, ${region}checks, failures, latency_count, latency_sum,
      latency_min, latency_max, dns_ms_sum, connect_ms_sum, tls_ms_sum, ttfb_ms_sum,
      dp_hist_add_offset(0, '{}', keys),
      dp_hist_add(0, '{}', keys, counts)
    FROM u
    WHERE NOT EXISTS (
      SELECT 1 FROM done
      WHERE done.domain_id = u.domain_id ${sameRegionDone} AND done.bucket = u.bucket
    )
    ON CONFLICT (domain_id, ${region}bucket) DO UPDATE SET
      ${addMeasures("excluded")},
      hist_offset = dp_hist_offset(r.hist_offset, r.histogram, excluded.hist_offset, excluded.histogram),
      histogram = dp_hist_merge(r.hist_offset, r.histogram, excluded.hist_offset, excluded.histogram)`);
}
