import { sql } from "drizzle-orm";
import type { Database } from "../../../adapters/db/types";
import { emptyHistogram, mergeHistogram } from "../../../schema/timeseries/latency-histogram";
import type { Granularity, RollupRow } from "./buckets";

interface Row {
  b: number;
  checks: number;
  failures: number;
  n: number;
  total: number;
  dns: number;
  connect: number;
  tls: number;
  ttfb: number;
  h: string | null;
}

/** "off:c,c,…;off:c,…" (one part per region) → one merged histogram. */
function parseHistograms(text: string | null) {
  const h = emptyHistogram();
  if (!text) return h;
  for (const part of text.split(";")) {
    const colon = part.indexOf(":");
    const counts = part.slice(colon + 1);
    if (counts === "") continue;
    mergeHistogram(h, {
      offset: Number(part.slice(0, colon)),
      counts: counts.split(",").map(Number),
    });
  }
  return h;
}

/**
 * One domain's roll-ups of [from, to), the regions of a bucket added up by PostgreSQL and their
 * histograms sent as text (one row per bucket, not per region, and no array parsing on the way):
 * the year graph reads 365 small rows.
 */
export async function readRollups(
  db: Database,
  q: { domainId: string; fromMs: number; toMs: number; granularity: Granularity; region?: string },
): Promise<RollupRow[]> {
  const table = sql.identifier(q.granularity === "hour" ? "rollups_hourly" : "rollups_daily");
  const region = q.region ? sql`AND region = ${q.region}` : sql``;
  const result = await db.execute(sql`
    SELECT (extract(epoch FROM bucket) * 1000)::float8 AS b, sum(checks)::int AS checks,
      sum(failures)::int AS failures, sum(latency_count)::int AS n,
      sum(latency_sum)::float8 AS total, sum(dns_ms_sum)::float8 AS dns,
      sum(connect_ms_sum)::float8 AS connect, sum(tls_ms_sum)::float8 AS tls,
      sum(ttfb_ms_sum)::float8 AS ttfb,
      string_agg(hist_offset || ':' || array_to_string(histogram, ','), ';') AS h
    FROM ${table}
    WHERE domain_id = ${q.domainId} ${region}
      AND bucket >= ${new Date(q.fromMs).toISOString()}::timestamptz
      AND bucket < ${new Date(q.toMs).toISOString()}::timestamptz
    GROUP BY bucket`);
  return (result as unknown as { rows: Row[] }).rows.map((r) => {
    const h = parseHistograms(r.h);
    return {
      bucket: new Date(Number(r.b)),
      checks: Number(r.checks),
      failures: Number(r.failures),
      histOffset: h.offset,
      histogram: h.counts,
      latencyCount: Number(r.n),
      latencySum: Number(r.total),
      dnsMsSum: Number(r.dns),
      connectMsSum: Number(r.connect),
      tlsMsSum: Number(r.tls),
      ttfbMsSum: Number(r.ttfb),
    };
  });
}
