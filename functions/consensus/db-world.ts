import { manualClock } from "../../adapters/clock/clock";
import { openMigratedMemory } from "../../adapters/db/migrated-memory";
import { memoryQueue } from "../../adapters/queue/memory";
import { memoryRedis } from "../../adapters/redis/memory";
import { domains } from "../../schema/control/domains";
import { organizations } from "../../schema/control/organizations";
import { redisKeys } from "../../schema/redis-keys";
import type { DomainConfig } from "../../schema/wire/domain-config";
import { drizzleConfigs } from "./drizzle-configs";
import { drizzleIncidentStore } from "./drizzle-incident-store";
import { drizzleIncidentSummaries } from "./drizzle-summaries";
import type { ConsensusDeps } from "./run";
import { ORG, recordingLogger, recordingScheduler, T0 } from "./test-support";

/** A consensus world on PGlite (control DB with the domains) and memory Redis, for tests. */
export async function aDbWorld(configs: DomainConfig[]) {
  const h = await openMigratedMemory("control");
  await h.db.insert(organizations).values({ id: ORG, name: "acme" });
  for (const c of configs) {
    await h.db.insert(domains).values({
      id: c.id,
      orgId: c.orgId,
      url: c.url,
      name: c.name,
      regions: c.regions,
      intervalSeconds: c.intervalSeconds,
      timeoutMs: c.timeoutMs,
      quorum: c.quorum,
      sslWarnDays: c.sslWarnDays,
    });
  }
  const clock = manualClock(T0);
  const redis = memoryRedis({ clock });
  const queue = memoryQueue();
  const log = recordingLogger();
  const scheduler = recordingScheduler();
  await redis.hset(
    redisKeys.configHash,
    Object.fromEntries(configs.map((c) => [c.id, JSON.stringify(c)])),
  );
  const deps: ConsensusDeps = {
    redis: redis.port,
    queue,
    incidents: drizzleIncidentStore(h.db, clock),
    clock,
    log,
    scheduler,
    controlConfigs: drizzleConfigs(h.db),
    incidentSummaries: drizzleIncidentSummaries(h.db, redis.port),
  };
  const alerts = () =>
    queue.sent.filter((s) => s.queue === "alerts").map((s) => s.body as Record<string, unknown>);
  return { h, clock, redis, queue, log, scheduler, deps, alerts };
}
