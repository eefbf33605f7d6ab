import { type SQL, sql } from "drizzle-orm";
import { pgArray } from "../../adapters/db/pg-array";
import type { Database } from "../../adapters/db/types";
import { addCountsText, type Histogram } from "../../schema/timeseries/latency-histogram";
import type { RollupDelta, RollupGrain } from "./rollup";

const TABLE: Record<RollupGrain, string> = { hour: "rollups_hourly", day: "rollups_daily" };
const CHUNK = 20_000; // deltas per statement, as the bulk unnest writer chunks

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/**
 * Adds deltas into a roll-up table. The rows a chunk touches that exist are locked and their
 * histograms read and merged here (a plpgsql merge costs ~20 µs a row, reading the counts
 * a few); those rows get the merged histogram and their counts and sums added. The others are
 * inserted, merged by dp_hist_merge only if another writer created the row meanwhile.
 */
export async function upsertRollups(
  db: Database,
  grain: RollupGrain,
  deltas: readonly RollupDelta[],
): Promise<void> {
  const table = sql`${sql.identifier(TABLE[grain])}`;
  for (let i = 0; i < deltas.length; i += CHUNK) {
    const chunk = deltas.slice(i, i + CHUNK);
    const merged = await lockAndMerge(db, table, chunk);
    const created = chunk.filter((_, j) => !merged.has(j));
    const updated = chunk.flatMap((d, j) => {
      const histogram = merged.get(j);
      return histogram ? [{ ...d, histogram }] : [];
    });
    if (updated.length > 0) await write(db, table, updated, "replace");
    if (created.length > 0) await write(db, table, created, "merge");
  }
}

/** Locks the existing rows of `d` and returns, by index in `d`, their histogram plus the delta's. */
async function lockAndMerge(
  db: Database,
  table: SQL,
  d: readonly RollupDelta[],
): Promise<Map<number, Histogram>> {
  // a lateral lookup per key, so each is one primary-key probe whatever the table's size
  const found = rowsOf<{ i: number; off: number; h: string }>(
    await db.execute(sql`
      SELECT u.i::int AS i, r.hist_offset AS off, array_to_string(r.histogram, ',') AS h
      FROM unnest(${sql.param(pgArray(d.map((x) => x.domainId)))}::uuid[],
        ${sql.param(pgArray(d.map((x) => x.region)))}::text[],
        ${sql.param(pgArray(d.map((x) => x.bucket)))}::timestamptz[])
        WITH ORDINALITY AS u(domain_id, region, bucket, i)
      CROSS JOIN LATERAL (
        SELECT hist_offset, histogram FROM ${table} t
        WHERE t.domain_id = u.domain_id AND t.region = u.region AND t.bucket = u.bucket
        FOR UPDATE
      ) r`),
  );
  const out = new Map<number, Histogram>();
  for (const row of found) {
    const delta = d[row.i - 1]!.histogram;
    const h = addCountsText({ offset: delta.offset, counts: [...delta.counts] }, row.off, row.h);
    out.set(row.i - 1, h);
  }
  return out;
}

/**
 * One INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE: counts and sums added, min/max
 * kept; the histogram replaced by the merged one ("replace", rows locked above) or merged by
 * dp_hist_merge ("merge", rows that did not exist when locked).
 */
async function write(
  db: Database,
  t: SQL,
  d: readonly RollupDelta[],
  histogram: "replace" | "merge",
) {
  const col = <T>(f: (x: RollupDelta) => T) => sql.param(pgArray(d.map(f)));
  const hist =
    histogram === "replace"
      ? sql`hist_offset = excluded.hist_offset, histogram = excluded.histogram`
      : sql`hist_offset = dp_hist_offset(r.hist_offset, r.histogram, excluded.hist_offset, excluded.histogram),
      histogram = dp_hist_merge(r.hist_offset, r.histogram, excluded.hist_offset, excluded.histogram)`;
  await db.execute(sql`
    INSERT INTO ${t} AS r (bucket, domain_id, region, checks, failures, latency_count,
      latency_sum, latency_min, latency_max, dns_ms_sum, connect_ms_sum, tls_ms_sum,
      ttfb_ms_sum, hist_offset, histogram)
    SELECT bucket, domain_id, region, checks, failures, latency_count, latency_sum,
      latency_min, latency_max, dns, connect, tls, ttfb, hist_offset, hist::int[]
    FROM unnest(
      ${col((x) => x.bucket)}::timestamptz[], ${col((x) => x.domainId)}::uuid[],
      ${col((x) => x.region)}::text[], ${col((x) => x.checks)}::int[],
      ${col((x) => x.failures)}::int[], ${col((x) => x.latencyCount)}::int[],
      ${col((x) => x.latencySum)}::float8[], ${col((x) => x.latencyMin)}::real[],
      ${col((x) => x.latencyMax)}::real[], ${col((x) => x.dnsMsSum)}::float8[],
      ${col((x) => x.connectMsSum)}::float8[], ${col((x) => x.tlsMsSum)}::float8[],
      ${col((x) => x.ttfbMsSum)}::float8[], ${col((x) => x.histogram.offset)}::int[],
      ${col((x) => `{${x.histogram.counts.join(",")}}`)}::text[]
    ) AS u(bucket, domain_id, region, checks, failures, latency_count, latency_sum,
      latency_min, latency_max, dns, connect, tls, ttfb, hist_offset, hist)
    ON CONFLICT (domain_id, region, bucket) DO UPDATE SET
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
      ${hist}`);
}
