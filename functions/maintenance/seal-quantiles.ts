import { sql } from "drizzle-orm";
import { pgArray } from "../../adapters/db/pg-array";
import { rowsOf } from "../../adapters/db/rows";
import type { Database } from "../../adapters/db/types";
import {
  addCountsText,
  emptyHistogram,
  histogramQuantiles,
  REPORTED_QUANTILES,
} from "../../schema/timeseries/latency-histogram";

const DAY_MS = 86_400_000;
/** Rows read and written per statement. */
const BATCH = 5_000;
/** Closed days looked at by a scheduled run: late results reopen recent days, rarely older ones. */
export const SEAL_DAYS = 7;

export interface SealReport {
  sealed: number;
}

interface Unsealed {
  domain_id: string;
  at: number;
  checks: number;
  hist_offset: number;
  counts: string;
}

/**
 * Seals the closed days of rollups_daily_all in [today - days, today): each row whose
 * percentiles are missing or stale (`sealed_checks` ≠ `checks`) gets them from its histogram,
 * computed by the same function the API uses, so a sealed row answers exactly what its
 * histogram would. A row that ingest changes between the read and the write keeps its old
 * state (the write is conditional on `checks`, which every ingest write raises), and a later
 * run seals it. Today's rows are left to change: the API merges their histograms itself.
 */
export async function sealDailyQuantiles(
  db: Database,
  now: number,
  days = SEAL_DAYS,
): Promise<SealReport> {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const from = new Date(today - days * DAY_MS).toISOString();
  const to = new Date(today).toISOString();
  let sealed = 0;
  // keyset paging on the primary key's order; the bucket range uses the bucket index
  let after: { at: number; domainId: string } | null = null;
  for (;;) {
    const cursor: ReturnType<typeof sql> = after
      ? sql`AND (bucket, domain_id) > (to_timestamp(${after.at}), ${after.domainId}::uuid)`
      : sql``;
    const rows = rowsOf<Unsealed>(
      await db.execute(sql`
        SELECT domain_id, date_part('epoch', bucket)::float8 AS at, checks, hist_offset,
          array_to_string(histogram, ',') AS counts
        FROM rollups_daily_all
        WHERE bucket >= ${from}::timestamptz AND bucket < ${to}::timestamptz ${cursor}
          AND sealed_checks IS DISTINCT FROM checks
        ORDER BY bucket, domain_id
        LIMIT ${BATCH}`),
    );
    if (rows.length === 0) return { sealed };
    // whole microseconds: the API's milliseconds to three decimals, exactly
    const q = rows.map((r) =>
      histogramQuantiles(
        addCountsText(emptyHistogram(), Number(r.hist_offset), r.counts),
        REPORTED_QUANTILES,
      ).map((ms) => (ms === null ? null : Math.round(ms * 1000))),
    );
    const col = (f: (r: Unsealed, i: number) => unknown) => sql.param(pgArray(rows.map(f)));
    const written = rowsOf<{ n: number }>(
      await db.execute(sql`
        WITH u AS (
          SELECT * FROM unnest(${col((r) => r.domain_id)}::uuid[], ${col((r) => Number(r.at))}::float8[],
            ${col((r) => r.checks)}::int[], ${col((_, i) => q[i]![0])}::int8[],
            ${col((_, i) => q[i]![1])}::int8[], ${col((_, i) => q[i]![2])}::int8[])
            AS u(domain_id, at, checks, p50, p95, p99)),
        w AS (
          UPDATE rollups_daily_all r
          SET sealed_checks = u.checks, p50_us = u.p50, p95_us = u.p95, p99_us = u.p99
          FROM u
          WHERE r.domain_id = u.domain_id AND r.bucket = to_timestamp(u.at) AND r.checks = u.checks
          RETURNING 1)
        SELECT count(*)::int AS n FROM w`),
    );
    sealed += Number(written[0]?.n ?? 0);
    const last = rows[rows.length - 1]!;
    after = { at: Number(last.at), domainId: last.domain_id };
    if (rows.length < BATCH) return { sealed };
  }
}
