import { sql } from "drizzle-orm";
import type { Database } from "../../../adapters/db/types";
import { addCountsText, type Histogram } from "../../../schema/timeseries/latency-histogram";
import type { Granularity, RollupRow } from "./buckets";

/** Where a query's rows come from: day buckets over every region have their own table. */
function tableOf(q: { granularity: Granularity; region?: string }): string {
  if (q.granularity === "hour") return "rollups_hourly";
  return q.region ? "rollups_daily" : "rollups_daily_all";
}

/**
 * One domain's roll-ups of [from, to), one row per bucket with the regions added together.
 * Day buckets over all regions read rollups_daily_all, where ingest keeps that sum (a year is
 * 365 rows, nothing left to merge); the other queries read the per-region rows. PostgreSQL
 * sends one text value, a line per roll-up row (the driver parses one field instead of
 * hundreds of rows of arrays and dates), and the lines of a bucket are summed here.
 */
export async function readRollups(
  db: Database,
  q: { domainId: string; fromMs: number; toMs: number; granularity: Granularity; region?: string },
): Promise<RollupRow[]> {
  const table = sql.identifier(tableOf(q));
  const region = q.region ? sql`AND region = ${q.region}` : sql``;
  const result = await db.execute(sql`
    SELECT string_agg(concat_ws('|', date_part('epoch', bucket)::int8, checks, failures,
        latency_count, latency_sum, dns_ms_sum, connect_ms_sum, tls_ms_sum, ttfb_ms_sum,
        hist_offset, array_to_string(histogram, ',')), E'\n') AS t
    FROM ${table}
    WHERE domain_id = ${q.domainId} ${region}
      AND bucket >= ${new Date(q.fromMs).toISOString()}::timestamptz
      AND bucket < ${new Date(q.toMs).toISOString()}::timestamptz`);
  const text = (result as unknown as { rows: { t: string | null }[] }).rows[0]?.t;
  if (!text) return [];
  const byBucket = new Map<number, RollupRow & { h: Histogram }>();
  for (const line of text.split("\n")) {
    const f = line.split("|", 10);
    const n = (i: number) => Number(f[i]);
    const at = n(0) * 1000;
    let row = byBucket.get(at);
    if (!row) {
      row = {
        bucket: new Date(at),
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
        h: { offset: 0, counts: [] },
      };
      byBucket.set(at, row);
    }
    row.checks += n(1);
    row.failures += n(2);
    row.latencyCount! += n(3);
    row.latencySum! += n(4);
    row.dnsMsSum! += n(5);
    row.connectMsSum! += n(6);
    row.tlsMsSum! += n(7);
    row.ttfbMsSum! += n(8);
    // the counts follow the tenth separator
    let start = -1;
    for (let i = 0; i < 10; i++) start = line.indexOf("|", start + 1);
    addCountsText(row.h, n(9), line, start + 1);
  }
  return [...byBucket.values()].map(({ h, ...row }) => ({
    ...row,
    histOffset: h.offset,
    histogram: h.counts,
  }));
}
