import { afterAll, beforeAll, expect, it } from "vitest";
import { manualClock } from "../../adapters/clock/clock";
import { memoryQueue } from "../../adapters/queue/memory";
import { ioredisAdapter } from "../../adapters/redis/ioredis";
import { redisKeys } from "../../schema/redis-keys";
import { DomainStatus } from "../../schema/wire/domain-status";
import { describeWith, serviceUrl } from "../../test-support/services";
import { ENGINE_KEY } from "./engine-store";
import { consensusHandler } from "./handler";
import { memoryIncidentStore } from "./incident-store";
import {
  aConfig,
  anObservation,
  DOMAIN,
  recordingLogger,
  recordingScheduler,
  records,
  T0,
} from "./test-support";

const MIN = 60_000;

/** This suite's own Redis database index, so parallel suites on db 0 are never touched. */
function suiteUrl(): string {
  const url = new URL(serviceUrl("REDIS_URL")!);
  url.pathname = "/13";
  return url.toString();
}

describeWith(["REDIS_URL"], "consensus on real Redis", () => {
  let redis: ReturnType<typeof ioredisAdapter>;
  const keys = [redisKeys.configHash, ENGINE_KEY, redisKeys.domainStatus(DOMAIN)];

  beforeAll(async () => {
    redis = ioredisAdapter({ url: suiteUrl() });
    await redis.port.del(...keys);
  });
  afterAll(async () => {
    await redis.port.del(...keys);
    await redis.close();
  });

  it("pages once, resolves once, and ignores every message delivered a second time", async () => {
    await redis.port.del(...keys);
    await redis.port.hset(redisKeys.configHash, { [DOMAIN]: JSON.stringify(aConfig()) });
    const queue = memoryQueue();
    const clock = manualClock(T0);
    const incidents = memoryIncidentStore();
    const deps = {
      redis: redis.port,
      queue,
      incidents,
      clock,
      log: recordingLogger(),
      scheduler: recordingScheduler(),
    };
    const handle = consensusHandler(deps);
    const bodies = [
      anObservation({ region: "ams", t: T0 }),
      anObservation({ region: "iad", t: T0 + 20_000 }),
      anObservation({ region: "ams", t: T0 + 3 * MIN, ok: true }),
      anObservation({ region: "iad", t: T0 + 3 * MIN + 5_000, ok: true }),
      { kind: "wake", domainId: DOMAIN, at: T0 + 10 * MIN },
    ];
    for (const b of bodies) {
      clock.set(Math.max(clock.now(), "t" in b ? b.t : b.at));
      expect((await handle(records([b]))).batchItemFailures).toEqual([]);
      expect((await handle(records([b]))).batchItemFailures).toEqual([]);
    }
    const jobs = queue.sent
      .filter((s) => s.queue === "alerts")
      .map((s) => s.body as { type: string; id: string });
    expect(jobs.map((j) => j.type)).toEqual(["incident.opened", "incident.resolved"]);
    expect(incidents.incidents()).toEqual([expect.objectContaining({ state: "resolved" })]);
    const status = DomainStatus.parse(
      JSON.parse((await redis.port.get(redisKeys.domainStatus(DOMAIN)))!),
    );
    expect(status.status).toBe("up");
  });
});
