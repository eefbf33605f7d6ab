import { type SQL, sql } from "drizzle-orm";
import { affected } from "../../adapters/db/bulk-unnest";
import type { Database } from "../../adapters/db/types";
import type { planTier } from "../../schema/control/enums";

const DAY_MS = 86_400_000;
const IDS_PER_DELETE = 5_000;
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** A plan tier, as the control DB's organizations hold it. */
export type Plan = (typeof planTier.enumValues)[number];

/** How long each kind of time-series data is kept, in days. */
export interface RetentionPolicy {
  rawDays: number;
  hourlyDays: number;
  dailyDays: number;
}

/** The retention of each plan. */
export type PlanRetention = Record<Plan, RetentionPolicy>;

/** The defaults: free keeps a week raw, a month hourly, a year daily; paid plans more. */
export const defaultPlanRetention: PlanRetention = {
  free: { rawDays: 7, hourlyDays: 30, dailyDays: 366 },
  pro: { rawDays: 30, hourlyDays: 366, dailyDays: 1830 },
  business: { rawDays: 30, hourlyDays: 731, dailyDays: 1830 },
};

/** What a retention run removed. */
export interface RetentionReport {
  droppedPartitions: string[];
  rawDeleted: number;
  hourlyDeleted: number;
  dailyDeleted: number;
}

const KINDS = [
  { kind: "rawDays", table: "probe_results", column: "ts" },
  { kind: "hourlyDays", table: "rollups_hourly", column: "bucket" },
  { kind: "dailyDays", table: "rollups_daily", column: "bucket" },
  // the all-regions sum of rollups_daily lives exactly as long (its rows count as daily ones)
  { kind: "dailyDays", table: "rollups_daily_all", column: "bucket" },
] as const;

/** The longest retention of each kind over every plan: what every plan's data is kept for. */
export function longestRetention(plans: PlanRetention): RetentionPolicy {
  const all = Object.values(plans);
  return {
    rawDays: Math.max(...all.map((p) => p.rawDays)),
    hourlyDays: Math.max(...all.map((p) => p.hourlyDays)),
    dailyDays: Math.max(...all.map((p) => p.dailyDays)),
  };
}

/** The plans that keep some kind of data shorter than the longest: whose domains must be named. */
export function plansWithShorterRetention(plans: PlanRetention): Plan[] {
  const top = longestRetention(plans);
  return (Object.keys(plans) as Plan[]).filter((p) =>
    KINDS.some(({ kind }) => plans[p][kind] < top[kind]),
  );
}

/**
 * Retention per plan. Raw partitions hold every plan's results, so whole day partitions are
 * dropped only once expired for every plan (the longest raw retention; no row deletes, no
 * bloat), and roll-ups past the longest horizon are deleted for everyone. A plan with a shorter
 * horizon then has its domains' rows deleted past it: raw rows (a shorter-lived plan's domains
 * are few and sparse, so this is cheap), hourly and daily roll-ups. `domainsByPlan` names the
 * domains of the organizations on each such plan (the control DB's; see plan-domains.ts).
 */
export async function applyRetention(
  db: Database,
  nowMs: number,
  plans: PlanRetention = defaultPlanRetention,
  domainsByPlan: ReadonlyMap<Plan, readonly string[]> = new Map(),
): Promise<RetentionReport> {
  const cutoff = (days: number) => new Date(nowMs - days * DAY_MS).toISOString();
  const top = longestRetention(plans);
  const dropped = rowsOf<{ name: string }>(
    await db.execute(
      sql`SELECT dp_drop_probe_result_partitions(${cutoff(top.rawDays).slice(0, 10)}::date) AS name`,
    ),
  ).map((r) => r.name);
  const deleted = { rawDays: 0, hourlyDays: 0, dailyDays: 0 };
  for (const { kind, table, column } of KINDS) {
    const t = sql.identifier(table);
    const c = sql.identifier(column);
    const older = (days: number): SQL => sql`${c} < ${cutoff(days)}::timestamptz`;
    if (kind !== "rawDays") {
      deleted[kind] +=
        affected(await db.execute(sql`DELETE FROM ${t} WHERE ${older(top[kind])}`)) ?? 0;
    }
    for (const [plan, ids] of domainsByPlan) {
      const days = plans[plan][kind];
      if (days >= top[kind]) continue;
      for (let i = 0; i < ids.length; i += IDS_PER_DELETE) {
        const chunk = sql.param(ids.slice(i, i + IDS_PER_DELETE));
        deleted[kind] +=
          affected(
            await db.execute(
              sql`DELETE FROM ${t} WHERE domain_id = ANY(${chunk}::uuid[]) AND ${older(days)}`,
            ),
          ) ?? 0;
      }
    }
  }
  return {
    droppedPartitions: dropped,
    rawDeleted: deleted.rawDays,
    hourlyDeleted: deleted.hourlyDays,
    dailyDeleted: deleted.dailyDays,
  };
}
