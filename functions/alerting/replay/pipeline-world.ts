import { createHash } from "node:crypto";
import { manualClock } from "../../../adapters/clock/clock";
import { openMigratedMemory } from "../../../adapters/db/migrated-memory";
import type { Logger } from "../../../adapters/log/logger";
import type { QueueName, QueuePort } from "../../../adapters/queue/port";
import { virtualQueue } from "../../../adapters/queue/virtual";
import { createConfigBroadcast } from "../../../adapters/redis/config-broadcast";
import { memoryRedis } from "../../../adapters/redis/memory";
import { virtualScheduler } from "../../../adapters/scheduler/virtual";
import { organizations } from "../../../schema/control/organizations";
import { drizzleConfigs } from "../../consensus/drizzle-configs";
import { drizzleIncidentStore } from "../../consensus/drizzle-incident-store";
import { drizzleIncidentSummaries } from "../../consensus/drizzle-summaries";
import { consensusHandler } from "../../consensus/handler";
import type { ConsensusDeps } from "../../consensus/run";
import { digestHandler } from "../../digest/handler";
import type { FaultLine } from "./trace";

/** The organization every replayed domain belongs to. */
export const REPLAY_ORG = "00000000-0000-4000-8000-00000000a11e";

/** A stable UUID for a trace's domain id, so incident ids and output repeat across runs. */
export function domainUuid(traceId: string): string {
  const h = createHash("sha256").update(`replay-domain:${traceId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

/** Copies of what is sent while a duplicate fault is on arrive this much later (CONTRACTS §2). */
const DUPLICATE_DELAY_MS = 5_000;

/**
 * The deployed alert path on embedded adapters and one virtual clock: PGlite control DB,
 * memory Redis, the virtual queue (SQS semantics) and scheduler, the consensus and digest
 * handlers as deployed. Faults are applied where production would suffer them.
 */
export async function pipelineWorld(start: number) {
  const clock = manualClock(start);
  const h = await openMigratedMemory("control");
  await h.db.insert(organizations).values({ id: REPLAY_ORG, name: "replay", plan: "business" });
  const redis = memoryRedis({ clock });
  const broadcast = createConfigBroadcast({ redis: redis.port, clock });
  const queue = virtualQueue({ clock });
  const scheduler = virtualScheduler();
  const faults: FaultLine[] = [];
  const active = (kind: FaultLine["kind"], region?: string) =>
    faults.find(
      (f) =>
        f.kind === kind &&
        "until" in f &&
        f.t <= clock.now() &&
        clock.now() < f.until &&
        (region === undefined || ("region" in f && f.region === region)),
    );

  /** A producer as one sender sees the queue: drops and duplicates apply to it. */
  const sender = (region: string | null): QueuePort => ({
    async send(name: QueueName, bodies: unknown[]) {
      if (region !== null && active("drop", region)) return; // the sender believes it sent
      await queue.send(name, bodies);
      if (active("duplicate")) await queue.sendDelayed(name, bodies, DUPLICATE_DELAY_MS);
    },
  });

  const deps: ConsensusDeps = {
    redis: redis.port,
    queue: sender(null),
    incidents: drizzleIncidentStore(h.db, clock),
    clock,
    log: silent,
    scheduler,
    controlConfigs: drizzleConfigs(h.db),
    incidentSummaries: drizzleIncidentSummaries(h.db, redis.port),
  };
  const consensus = consensusHandler(deps);
  queue.subscribe("consensus", async (records) => {
    const crashed = active("crash") !== undefined;
    const r = await consensus(records);
    // dies after doing its work, before the queue hears of success: all of it comes back
    if (crashed) throw new Error("consensus invocation crashed");
    return r;
  });
  const digest = digestHandler({ queue: sender(null), log: silent });
  return { clock, h, redis, broadcast, queue, scheduler, faults, active, sender, digest, deps };
}
export type PipelineWorld = Awaited<ReturnType<typeof pipelineWorld>>;
