import { sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** What a partition run did. */
export interface PartitionReport {
  /** Day partitions created ahead of time (yesterday through `daysAhead` from today). */
  created: number;
  /** Days whose stray rows were moved out of the default partition into their own. */
  repairedDays: string[];
}

/**
 * Keeps `probe_results` day partitions ahead of the clock and its DEFAULT partition empty: the
 * days of stray rows (a probe clock far off, a missed maintenance) get their partition, which
 * moves their rows out of the default one (dp_ensure_probe_result_partitions does the move,
 * since PostgreSQL refuses a partition whose rows sit in the default).
 */
export async function maintainPartitions(
  db: Database,
  nowMs: number,
  daysAhead = 7,
): Promise<PartitionReport> {
  const strays = rowsOf<{ day: string }>(
    await db.execute(sql`SELECT DISTINCT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
      FROM probe_results_default ORDER BY 1`),
  ).map((r) => r.day);
  for (const day of strays) {
    await db.execute(sql`SELECT dp_ensure_probe_result_partitions(${day}::date, 1)`);
  }
  const ahead = rowsOf<{ n: number }>(
    await db.execute(
      sql`SELECT dp_ensure_probe_result_partitions(${isoDay(nowMs - DAY_MS)}::date, ${daysAhead + 2}) AS n`,
    ),
  );
  return { created: Number(ahead[0]?.n ?? 0) + strays.length, repairedDays: strays };
}
