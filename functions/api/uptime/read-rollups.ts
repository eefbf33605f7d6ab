import { sql } from "drizzle-orm";
import type { Database } from "../../../adapters/db/types";
import { addCountsText, type Histogram } from "../../../schema/timeseries/latency-histogram";
import type { Granularity, RollupRow } from "./buckets";

// the fields of a line before its counts: epoch, checks, failures, the five sums, hist_offset
const FIELDS = 10;
/** A bucket's row before its lines are added in (a literal: object spread costs more here). */
const emptyRow = (bucket: Date): RollupRow => ({
  bucket,
  checks: 0,
  failures: 0,
  histOffset: 0,
  histogram: [],
  latencyCount: 0,
  latencySum: 0,
  dnsMsSum: 0,
  connectMsSum: 0,
  tlsMsSum: 0,
  ttfbMsSum: 0,
});

/** Where a query's rows come from: day buckets over every region have their own table. */
function tableOf(q: { granularity: Granularity; region?: string }): string {
  if (q.granularity === "hour") return "rollups_hourly";
  return q.region ? "rollups_daily" : "rollups_daily_all";
}

const EQUALS = 61;

/** The percentiles (ms) after a sealed line's "=": "p50,p95,p99" in µs, each empty when null. */
function sealedQuantiles(text: string, start: number, end: number): (number | null)[] {
  const out: (number | null)[] = [];
  let i = start;
  while (out.length < 3) {
    let comma = text.indexOf(",", i);
    if (comma < 0 || comma > end) comma = end;
    out.push(comma > i ? Number(text.slice(i, comma)) / 1000 : null);
    i = comma + 1;
  }
  return out;
}

/**
 * One domain's roll-ups of [from, to), one row per bucket with the regions added together.
 * Day buckets over all regions read rollups_daily_all, where ingest keeps that sum (a year is
 * 365 rows, nothing left to merge); the other queries read the per-region rows. PostgreSQL
 * sends one text value, a line per roll-up row (the driver parses one field instead of
 * hundreds of rows of arrays and dates), and the lines of a bucket are summed here. A closed
 * day's all-regions row that maintenance has sealed sends its three percentiles ("=p50,p95,p99")
 * instead of its histogram, which is most of the bytes of a year graph.
 */
export async function readRollups(
  db: Database,
  q: { domainId: string; fromMs: number; toMs: number; granularity: Granularity; region?: string },
): Promise<RollupRow[]> {
  const name = tableOf(q);
  const table = sql.identifier(name);
  const counts =
    name === "rollups_daily_all"
      ? sql`CASE WHEN sealed_checks = checks THEN concat('=', p50_us, ',', p95_us, ',', p99_us)
          ELSE array_to_string(histogram, ',') END`
      : sql`array_to_string(histogram, ',')`;
  const region = q.region ? sql`AND region = ${q.region}` : sql``;
  const result = await db.execute(sql`
    SELECT string_agg(concat_ws('|', date_part('epoch', bucket)::int8, checks, failures,
        latency_count, latency_sum, dns_ms_sum, connect_ms_sum, tls_ms_sum, ttfb_ms_sum,
        hist_offset, ${counts}), E'\n') AS t
    FROM ${table}
    WHERE domain_id = ${q.domainId} ${region}
      AND bucket >= ${new Date(q.fromMs).toISOString()}::timestamptz
      AND bucket < ${new Date(q.toMs).toISOString()}::timestamptz`);
  const text = (result as unknown as { rows: { t: string | null }[] }).rows[0]?.t;
  if (!text) return [];
  const byBucket = new Map<number, { row: RollupRow; h: Histogram }>();
  const f = new Array<number>(FIELDS);
  // one scan over the text: each line's fields up to the tenth separator, then its counts
  for (let i = 0; i < text.length; ) {
    let end = text.indexOf("\n", i);
    if (end < 0) end = text.length;
    for (let k = 0; k < FIELDS; k++) {
      const bar = text.indexOf("|", i);
      f[k] = Number(text.slice(i, bar));
      i = bar + 1;
    }
    const at = f[0]! * 1000;
    let b = byBucket.get(at);
    if (!b) {
      b = { row: emptyRow(new Date(at)), h: { offset: 0, counts: [] } };
      byBucket.set(at, b);
    }
    const row = b.row;
    row.checks += f[1]!;
    row.failures += f[2]!;
    row.latencyCount! += f[3]!;
    row.latencySum! += f[4]!;
    row.dnsMsSum! += f[5]!;
    row.connectMsSum! += f[6]!;
    row.tlsMsSum! += f[7]!;
    row.ttfbMsSum! += f[8]!;
    if (text.charCodeAt(i) === EQUALS) row.quantiles = sealedQuantiles(text, i + 1, end);
    else addCountsText(b.h, f[9]!, text, i, end);
    i = end + 1;
  }
  const out: RollupRow[] = [];
  for (const { row, h } of byBucket.values()) {
    row.histOffset = h.offset;
    row.histogram = h.counts;
    out.push(row);
  }
  return out;
}
