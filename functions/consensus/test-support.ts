import { manualClock } from "../../adapters/clock/clock";
import type { Logger } from "../../adapters/log/logger";
import { memoryQueue } from "../../adapters/queue/memory";
import type { QueueRecord } from "../../adapters/queue/port";
import { memoryRedis } from "../../adapters/redis/memory";
import type { OneOffSchedule, SchedulerPort } from "../../adapters/scheduler/port";
import { redisKeys } from "../../schema/redis-keys";
import type { DomainConfig } from "../../schema/wire/domain-config";
import type { Observation } from "../../schema/wire/observation";
import { aDomainConfig } from "../../test-support/builders";
import { memoryIncidentStore } from "./incident-store";
import type { ConsensusDeps } from "./run";

/** Builders and an in-memory world for consensus tests. */
export const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
export const ORG = "00000000-0000-4000-8000-000000000001";
export const DOMAIN = "00000000-0000-4000-8000-0000000000d1";

/** A logger that keeps its lines. */
export function recordingLogger(): Logger & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (msg: string) => void lines.push({ level, msg });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

/** The config of the world's one domain (DOMAIN of ORG), with overrides. */
export function aConfig(over: Partial<DomainConfig> = {}): DomainConfig {
  return aDomainConfig({ id: DOMAIN, orgId: ORG, ...over });
}

/** An observation with overrides (a failure unless ok is given). */
export function anObservation(over: Partial<Observation> = {}): Observation {
  const ok = over.ok ?? false;
  return {
    domainId: DOMAIN,
    region: "ams",
    t: T0,
    ok,
    error: ok ? null : "TIMEOUT",
    latencyMs: ok ? 120 : 10_000,
    tls: null,
    confirm: false,
    configVersion: 1,
    ...over,
  };
}

let counter = 0;
/** SQS-like records for bodies. */
export function records(bodies: unknown[]): QueueRecord[] {
  return bodies.map((b) => ({
    messageId: `m${++counter}`,
    body: typeof b === "string" ? b : JSON.stringify(b),
  }));
}

/** A scheduler fake that records what it was asked. */
export function recordingScheduler(): SchedulerPort & {
  scheduled: OneOffSchedule[];
  cancelled: string[];
} {
  const scheduled: OneOffSchedule[] = [];
  const cancelled: string[] = [];
  return {
    scheduled,
    cancelled,
    async scheduleOnce(s) {
      if (!scheduled.some((x) => x.name === s.name)) scheduled.push(s);
    },
    async cancel(name) {
      cancelled.push(name);
      const i = scheduled.findIndex((x) => x.name === name);
      if (i >= 0) scheduled.splice(i, 1);
    },
  };
}

/** Memory Redis, queue, incident store, clock and logger, with the domain configured. */
export async function aWorld(configs: DomainConfig[] = [aConfig()]) {
  const clock = manualClock(T0);
  const redis = memoryRedis({ clock });
  const queue = memoryQueue();
  const incidents = memoryIncidentStore();
  const log = recordingLogger();
  const scheduler = recordingScheduler();
  await redis.hset(
    redisKeys.configHash,
    Object.fromEntries(configs.map((c) => [c.id, JSON.stringify(c)])),
  );
  const deps: ConsensusDeps = { redis: redis.port, queue, incidents, clock, log, scheduler };
  const alerts = () =>
    queue.sent.filter((s) => s.queue === "alerts").map((s) => s.body as Record<string, unknown>);
  return { clock, redis, queue, incidents, log, scheduler, deps, alerts };
}
