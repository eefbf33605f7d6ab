import { sql } from "drizzle-orm";
import type { Database } from "../../../adapters/db/types";
import { emptyHistogram, mergeHistogram } from "../../../schema/timeseries/latency-histogram";
import type { Granularity, RollupRow } from "./buckets";

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
 * histograms sent as text: the year graph reads one value of 365 lines.
 */
export async function readRollups(
  db: Database,
  q: { domainId: string; fromMs: number; toMs: number; granularity: Granularity; region?: string },
): Promise<RollupRow[]> {
  const table = sql.identifier(q.granularity === "hour" ? "rollups_hourly" : "rollups_daily");
  const region = q.region ? sql`AND region = ${q.region}` : sql``;
  // one row, one text value: a line per bucket, so the driver parses a single field instead of
  // hundreds of rows of arrays (the year graph's cost is in the client, not in PostgreSQL)
  const result = await db.execute(sql`
    SELECT string_agg(line, E'\n') AS t FROM (
      SELECT concat_ws('|', (extract(epoch FROM bucket) * 1000)::bigint, sum(checks),
        sum(failures), sum(latency_count), sum(latency_sum), sum(dns_ms_sum),
        sum(connect_ms_sum), sum(tls_ms_sum), sum(ttfb_ms_sum),
        string_agg(hist_offset || ':' || array_to_string(histogram, ','), ';')) AS line
      FROM ${table}
      WHERE domain_id = ${q.domainId} ${region}
        AND bucket >= ${new Date(q.fromMs).toISOString()}::timestamptz
        AND bucket < ${new Date(q.toMs).toISOString()}::timestamptz
      GROUP BY bucket
    ) g`);
  const text = (result as unknown as { rows: { t: string | null }[] }).rows[0]?.t;
  if (!text) return [];
  return text.split("\n").map((line) => {
    const f = line.split("|");
    const n = (i: number) => Number(f[i] ?? 0);
    const h = parseHistograms(f[9] ?? null);
    return {
      bucket: new Date(n(0)),
      checks: n(1),
      failures: n(2),
      histOffset: h.offset,
      histogram: h.counts,
      latencyCount: n(3),
      latencySum: n(4),
      dnsMsSum: n(5),
      connectMsSum: n(6),
      tlsMsSum: n(7),
      ttfbMsSum: n(8),
    };
  });
}
