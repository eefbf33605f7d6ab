import { asc, gt } from "drizzle-orm";
import type { Clock } from "../../adapters/clock/clock";
import type { Database } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import type { ConfigBroadcast, ConfigChange } from "../../adapters/redis/config-broadcast";
import { beginRebuild, markRebuilt } from "../../adapters/redis/config-epoch";
import { configFromRow } from "../../adapters/redis/config-from-row";
import type { RedisPort } from "../../adapters/redis/port";
import { domains } from "../../schema/control/domains";

/** What a reconcile changed. */
export interface ReconcileReport {
  put: number;
  deleted: number;
  unchanged: number;
  /** The config epoch this run rebuilt. */
  epoch: number;
  /** Whether the epoch was marked complete (false: Redis was wiped during the run). */
  complete: boolean;
}

const PAGE = 5_000;

/**
 * Rebuilds the Redis config view from the control DB, the source of truth: every domain whose
 * JSON in Redis differs (or is missing) is written, every id Redis has and the DB has not is
 * deleted, each with a version and a notice so running probes converge. Safe to run any time.
 * At the end the epoch is marked complete, unless Redis was wiped meanwhile: a probe that sees
 * a new epoch reloads in full only from a hash so marked, never from a partial rebuild.
 */
export async function reconcileConfig(deps: {
  db: Database;
  redis: RedisPort;
  broadcast: ConfigBroadcast;
  log?: Logger;
  clock?: Clock;
}): Promise<ReconcileReport> {
  const keys = deps.broadcast.keys;
  // read (or start) the epoch before the hash, so a wipe at any later point is seen at the end
  const epoch = await beginRebuild(deps.redis, keys, deps.clock);
  const inRedis = await deps.redis.hgetall(keys.hash);
  const changes: ConfigChange[] = [];
  const inDb = new Set<string>();
  let unchanged = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await deps.db
      .select()
      .from(domains)
      .where(after ? gt(domains.id, after) : undefined)
      .orderBy(asc(domains.id))
      .limit(PAGE);
    for (const row of rows) {
      inDb.add(row.id);
      const json = JSON.stringify(configFromRow(row));
      if (inRedis[row.id] === json) unchanged += 1;
      else changes.push({ op: "put", id: row.id, domainVersion: row.configVersion, json });
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
  const put = changes.length;
  for (const id of Object.keys(inRedis)) {
    if (!inDb.has(id)) changes.push({ op: "delete", id, domainVersion: 0, json: "" });
  }
  await deps.broadcast.apply(changes);
  const complete = await markRebuilt(deps.redis, keys, epoch);
  const report = { put, deleted: changes.length - put, unchanged, epoch, complete };
  if (complete) deps.log?.info("config reconciled", { ...report });
  else deps.log?.warn("config reconciled across a Redis wipe; the next run completes it", report);
  return report;
}
