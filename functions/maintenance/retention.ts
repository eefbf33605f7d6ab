import { sql } from "drizzle-orm";
import { affected } from "../../adapters/db/bulk-unnest";
import type { Database } from "../../adapters/db/types";

const DAY_MS = 86_400_000;
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** How long each kind of time-series data is kept, in days. */
export interface RetentionPolicy {
  rawDays: number;
  hourlyDays: number;
  dailyDays: number;
}

/** The default: raw 30 days, hourly roll-ups a year, daily roll-ups five years. */
export const defaultRetention: RetentionPolicy = { rawDays: 30, hourlyDays: 366, dailyDays: 1830 };

/** What a retention run removed. */
export interface RetentionReport {
  droppedPartitions: string[];
  hourlyDeleted: number;
  dailyDeleted: number;
}

/**
 * Drops whole raw-result partitions older than `rawDays` (no row deletes, no bloat) and deletes
 * roll-up rows past their horizon. A partition is dropped only once its whole day has expired.
 */
export async function applyRetention(
  db: Database,
  nowMs: number,
  policy: RetentionPolicy = defaultRetention,
): Promise<RetentionReport> {
  const rawCutoff = new Date(nowMs - policy.rawDays * DAY_MS).toISOString().slice(0, 10);
  const dropped = rowsOf<{ name: string }>(
    await db.execute(sql`SELECT dp_drop_probe_result_partitions(${rawCutoff}::date) AS name`),
  ).map((r) => r.name);
  const hourly = await db.execute(
    sql`DELETE FROM rollups_hourly WHERE bucket < ${new Date(nowMs - policy.hourlyDays * DAY_MS).toISOString()}::timestamptz`,
  );
  const daily = await db.execute(
    sql`DELETE FROM rollups_daily WHERE bucket < ${new Date(nowMs - policy.dailyDays * DAY_MS).toISOString()}::timestamptz`,
  );
  return {
    droppedPartitions: dropped,
    hourlyDeleted: affected(hourly) ?? 0,
    dailyDeleted: affected(daily) ?? 0,
  };
}
