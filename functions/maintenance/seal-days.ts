import { sql } from "drizzle-orm";
import { pgArray } from "../../adapters/db/pg-array";
import { rowsOf } from "../../adapters/db/rows";
import type { Database } from "../../adapters/db/types";
import { addCountsText, emptyHistogram } from "../../schema/timeseries/latency-histogram";
import { SEALED_COLUMNS, sealedFigures } from "../../schema/timeseries/sealed-day";

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
  latency_count: number;
  latency_sum: number;
  dns_ms_sum: number;
  connect_ms_sum: number;
  tls_ms_sum: number;
  ttfb_ms_sum: number;
  hist_offset: number;
  counts: string;
}

/**
 * Seals the closed days of rollups_daily_all in [today - days, today): each row whose figures
 * are missing or stale (`sealed_checks` ≠ `checks`) gets its percentiles from its histogram and
 * its mean phases from its sums, rounded as the API rounds them (sealedFigures), so a sealed row
 * answers exactly what its histogram and sums would. A row that ingest changes between the read and the write keeps its old
 * state (the write is conditional on `checks`, which every ingest write raises), and a later
 * run seals it. Today's rows are left to change: the API merges their histograms itself.
 */
export async function sealClosedDays(
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
        SELECT domain_id, date_part('epoch', bucket)::float8 AS at, checks, latency_count,
          latency_sum, dns_ms_sum, connect_ms_sum, tls_ms_sum, ttfb_ms_sum, hist_offset,
          array_to_string(histogram, ',') AS counts
        FROM rollups_daily_all
        WHERE bucket >= ${from}::timestamptz AND bucket < ${to}::timestamptz ${cursor}
          AND sealed_checks IS DISTINCT FROM checks
        ORDER BY bucket, domain_id
        LIMIT ${BATCH}`),
    );
    if (rows.length === 0) return { sealed };
    const figures = rows.map((r) =>
      sealedFigures({
        histogram: addCountsText(emptyHistogram(), Number(r.hist_offset), r.counts),
        latencyCount: Number(r.latency_count),
        latencySum: Number(r.latency_sum),
        dnsMsSum: Number(r.dns_ms_sum),
        connectMsSum: Number(r.connect_ms_sum),
        tlsMsSum: Number(r.tls_ms_sum),
        ttfbMsSum: Number(r.ttfb_ms_sum),
      }),
    );
    const col = (f: (r: Unsealed, i: number) => unknown) => sql.param(pgArray(rows.map(f)));
    const figureArrays = sql.join(
      SEALED_COLUMNS.map((_, k) => sql`${col((_, i) => figures[i]![k])}::int8[]`),
      sql`, `,
    );
    const names = sql.raw(SEALED_COLUMNS.join(", "));
    const sets = sql.raw(SEALED_COLUMNS.map((c) => `${c} = u.${c}`).join(", "));
    const written = rowsOf<{ n: number }>(
      await db.execute(sql`
        WITH u AS (
          SELECT * FROM unnest(${col((r) => r.domain_id)}::uuid[], ${col((r) => Number(r.at))}::float8[],
            ${col((r) => r.checks)}::int[], ${figureArrays})
            AS u(domain_id, at, checks, ${names})),
        w AS (
          UPDATE rollups_daily_all r
          SET sealed_checks = u.checks, ${sets}
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
