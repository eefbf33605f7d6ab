/**
 * What bench:consensus's processes share: the domain ids, the burst bodies, and the consensus
 * handler as deployed (real Redis and PostgreSQL adapters), built for one shard.
 */
import type { Clock } from "../adapters/clock/clock";
import type { Database } from "../adapters/db";
import type { Logger } from "../adapters/log/logger";
import type { BatchHandler, QueuePort } from "../adapters/queue/port";
import type { RedisPort } from "../adapters/redis/port";
import type { SchedulerPort } from "../adapters/scheduler/port";
import { drizzleConfigs } from "../functions/consensus/drizzle-configs";
import { drizzleIncidentStore } from "../functions/consensus/drizzle-incident-store";
import { drizzleIncidentSummaries } from "../functions/consensus/drizzle-summaries";
import type { Shard } from "../functions/consensus/engine-store";
import { consensusHandler } from "../functions/consensus/handler";

export const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
export const REGIONS = ["ams", "iad", "sin"];
export const silent: Logger = { info() {}, warn() {}, error() {} };

/** The i-th domain id of the bench's world. */
export const idOf = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

/** The bodies of a burst: every domain's failure from each failing region, interleaved by domain. */
export function burst(n: number, regions: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    for (const [r, region] of regions.entries())
      out.push(
        JSON.stringify({
          domainId: idOf(i),
          region,
          t: T0 + Math.floor((i * 50_000) / n) + r,
          ok: false,
          error: "CONNECTION_RESET",
          latencyMs: 10,
          tls: null,
          confirm: false,
          configVersion: 1,
        }),
      );
  return out;
}

/** A queue that counts the pages (incident openings) it is handed. */
export function pageCounter(): QueuePort & { pages: Set<string> } {
  const pages = new Set<string>();
  return {
    pages,
    async send(_q, bodies) {
      for (const b of bodies as { id: string; type: string }[])
        if (b.type === "incident.opened") pages.add(b.id);
    },
  };
}

/** EventBridge is not reachable here: wake-ups are accepted and dropped. */
export const noScheduler: SchedulerPort = { async scheduleOnce() {}, async cancel() {} };

/** Today's consensus handler for one shard, wired as functions/consensus/lambda.ts wires it. */
export function ourHandler(o: {
  db: Database;
  redis: RedisPort;
  clock: Clock;
  queue: QueuePort;
  shard?: Shard;
}): BatchHandler {
  return consensusHandler({
    redis: o.redis,
    queue: o.queue,
    clock: o.clock,
    log: silent,
    scheduler: noScheduler,
    incidents: drizzleIncidentStore(o.db, o.clock),
    controlConfigs: drizzleConfigs(o.db),
    incidentSummaries: drizzleIncidentSummaries(o.db, o.redis),
    ...(o.shard ? { shard: o.shard } : {}),
  });
}

/** Hands the bodies to the handler in batches, as the queue would; the messages it failed. */
export async function drain(handler: BatchHandler, bodies: string[], batch: number) {
  let failed = 0;
  for (let i = 0; i < bodies.length; i += batch) {
    const records = bodies.slice(i, i + batch).map((body, j) => ({ messageId: `m${i + j}`, body }));
    failed += (await handler(records)).batchItemFailures.length;
  }
  return failed;
}
