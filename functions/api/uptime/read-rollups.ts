import { sql } from "drizzle-orm";
import type { Database } from "../../../adapters/db/types";
import { addCountsText, type Histogram } from "../../../schema/timeseries/latency-histogram";
import { SEALED_COLUMNS } from "../../../schema/timeseries/sealed-day";
import type { Granularity, RollupRow } from "./buckets";

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

/** A sealed line's figures after its "=": SEALED_COLUMNS, comma-separated µs, empty when null. */
function parseSealed(text: string, start: number, end: number): (number | null)[] {
  const out: (number | null)[] = [];
  let i = start;
  while (out.length < SEALED_COLUMNS.length) {
    let comma = text.indexOf(",", i);
    if (comma < 0 || comma > end) comma = end;
    out.push(comma > i ? Number(text.slice(i, comma)) : null);
    i = comma + 1;
  }
  return out;
}

// a line of any table: epoch|checks|failures|latency_count|5 sums|hist_offset|counts
const LINE = sql`concat_ws('|', date_part('epoch', bucket)::int8, checks, failures,
  latency_count, latency_sum, dns_ms_sum, connect_ms_sum, tls_ms_sum, ttfb_ms_sum,
  hist_offset, array_to_string(histogram, ','))`;
// a sealed all-regions line: epoch|checks|failures|=<SEALED_COLUMNS> (concat: a null is empty)
const SEALED_LINE = sql`CASE WHEN sealed_checks = checks
  THEN concat(date_part('epoch', bucket)::int8, '|', checks, '|', failures, '|=',
    ${sql.raw(SEALED_COLUMNS.join(", ',', "))})
  ELSE ${LINE} END`;
/** The fields of an unsealed line between failures and its counts. */
const MEASURES = 7;

/**
 * One domain's roll-ups of [from, to), one row per bucket with the regions added together.
 * Day buckets over all regions read rollups_daily_all, where ingest keeps that sum (a year is
 * 365 rows, nothing left to merge); the other queries read the per-region rows. PostgreSQL
 * sends one text value, a line per roll-up row (the driver parses one field instead of
 * hundreds of rows of arrays and dates), and the lines of a bucket are summed here. A closed
 * day's all-regions row that maintenance has sealed sends its figures instead of its sums and
 * histogram: eight integers, where the floats and counts are most of a year graph's bytes and
 * of PostgreSQL's time formatting them.
 */
export async function readRollups(
  db: Database,
  q: { domainId: string; fromMs: number; toMs: number; granularity: Granularity; region?: string },
): Promise<RollupRow[]> {
  const name = tableOf(q);
  const table = sql.identifier(name);
  const line = name === "rollups_daily_all" ? SEALED_LINE : LINE;
  const region = q.region ? sql`AND region = ${q.region}` : sql``;
  const result = await db.execute(sql`
    SELECT string_agg(${line}, E'\n') AS t
    FROM ${table}
    WHERE domain_id = ${q.domainId} ${region}
      AND bucket >= ${new Date(q.fromMs).toISOString()}::timestamptz
      AND bucket < ${new Date(q.toMs).toISOString()}::timestamptz`);
  const text = (result as unknown as { rows: { t: string | null }[] }).rows[0]?.t;
  if (!text) return [];
  const byBucket = new Map<number, { row: RollupRow; h: Histogram }>();
  const f = new Array<number>(MEASURES);
  const field = (i: number) => {
    const bar = text.indexOf("|", i);
    return { v: Number(text.slice(i, bar)), next: bar + 1 };
  };
  // one scan over the text: each line's first three fields, then its figures or its measures
  for (let i = 0; i < text.length; ) {
    let end = text.indexOf("\n", i);
    if (end < 0) end = text.length;
    const epoch = field(i);
    const checks = field(epoch.next);
    const failures = field(checks.next);
    i = failures.next;
    const at = epoch.v * 1000;
    let b = byBucket.get(at);
    if (!b) {
      b = { row: emptyRow(new Date(at)), h: { offset: 0, counts: [] } };
      byBucket.set(at, b);
    }
    const row = b.row;
    row.checks += checks.v;
    row.failures += failures.v;
    if (text.charCodeAt(i) === EQUALS) {
      row.sealed = parseSealed(text, i + 1, end);
      i = end + 1;
      continue;
    }
    for (let k = 0; k < MEASURES; k++) {
      const bar = text.indexOf("|", i);
      f[k] = Number(text.slice(i, bar));
      i = bar + 1;
    }
    row.latencyCount! += f[0]!;
    row.latencySum! += f[1]!;
    row.dnsMsSum! += f[2]!;
    row.connectMsSum! += f[3]!;
    row.tlsMsSum! += f[4]!;
    row.ttfbMsSum! += f[5]!;
    addCountsText(b.h, f[6]!, text, i, end);
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
