import { describe, expect, it, vi } from "vitest";
import { memoryQueue } from "../adapters/queue/memory";
import { memoryRedis } from "../adapters/redis/memory";
import { RedisError, type RedisPort } from "../adapters/redis/port";
import { redisKeys } from "../schema/redis-keys";
import { Observation, ProbeResultRecord } from "../schema/wire";
import { createEmitter } from "./emit";
import { toObservation } from "./observe";
import { aResult } from "./testing/builders";
import { streamedRecords } from "./testing/stream";

function aRecord(i: number): ProbeResultRecord {
  return { ...aResult({ url: `https://d${i}.example/` }), domainId: `d${i}`, configVersion: 1 };
}

/** The in-process Redis with a switch that makes it unreachable. */
function switchableRedis() {
  const mem = memoryRedis();
  const state = { down: false };
  const redis: Pick<RedisPort, "xaddMany"> = {
    xaddMany: (key, entries, maxLen) =>
      state.down
        ? Promise.reject(new RedisError("REDIS_UNAVAILABLE", "connection refused"))
        : mem.port.xaddMany(key, entries, maxLen),
  };
  return { mem, state, redis };
}

describe("createEmitter", () => {
  it("appends every result to the region's stream, one entry per batch", async () => {
    const { mem, redis } = switchableRedis();
    const emitter = createEmitter({ region: "ams", redis, queue: memoryQueue(), batchSize: 100 });
    for (let i = 0; i < 250; i++) emitter.emit(aRecord(i), null);
    await emitter.flush();
    const key = redisKeys.resultsStream("ams");
    expect(await mem.port.xlen(key)).toBe(3); // 100, 100 and 50
    const records = await streamedRecords(mem.port, key);
    expect(records.map((r) => r.domainId)).toEqual(Array.from({ length: 250 }, (_, i) => `d${i}`));
    expect(ProbeResultRecord.parse(records[0])).toEqual(aRecord(0));
    expect(emitter.stats().resultsDepth).toBe(0);
  });

  it("sends observations to the consensus queue", async () => {
    const queue = memoryQueue();
    const emitter = createEmitter({ region: "ams", redis: switchableRedis().redis, queue });
    const down = aResult({ ok: false, error: { code: "TIMEOUT", message: "t" } });
    const obs = toObservation(down, {
      domainId: "d1",
      configVersion: 3,
      confirm: false,
      completedAt: 1_000,
    });
    emitter.emit({ ...down, domainId: "d1", configVersion: 3 }, obs);
    await emitter.flush();
    expect(queue.sent.map((s) => s.queue)).toEqual(["consensus"]);
    expect(Observation.parse(queue.sent[0]!.body)).toMatchObject({
      domainId: "d1",
      error: "TIMEOUT",
    });
  });

  it("resends only the observations a partial queue failure names", async () => {
    const sent: string[][] = [];
    let mode: "down" | "partial" | "up" = "down";
    const queue = {
      async send(_q: string, bodies: unknown[]) {
        sent.push(bodies.map((o) => (o as { domainId: string }).domainId));
        if (mode === "down") throw new Error("unreachable");
        if (mode === "partial") {
          mode = "up";
          throw Object.assign(new Error("1 not sent"), { failed: [bodies[1]] });
        }
      },
    };
    const emitter = createEmitter({ region: "ams", redis: switchableRedis().redis, queue });
    const down = aResult({ ok: false, error: { code: "TIMEOUT", message: "t" } });
    for (const id of ["a", "b", "c"]) {
      const obs = toObservation(down, {
        domainId: id,
        configVersion: 1,
        confirm: false,
        completedAt: 1,
      });
      emitter.emit({ ...down, domainId: id, configVersion: 1 }, obs);
    }
    await emitter.flush();
    mode = "partial";
    await emitter.flush();
    await emitter.flush();
    expect(sent.slice(-2)).toEqual([["a", "b", "c"], ["b"]]);
    expect(emitter.stats().observationsDepth).toBe(0);
  });

  it("holds results while Redis is down and delivers them all when it returns", async () => {
    const { mem, state, redis } = switchableRedis();
    const errors: string[] = [];
    const emitter = createEmitter({
      region: "iad",
      redis,
      queue: memoryQueue(),
      onError: (w) => errors.push(w),
    });
    state.down = true;
    for (let i = 0; i < 40; i++) emitter.emit(aRecord(i), null);
    await emitter.flush();
    expect(emitter.stats().resultsDepth).toBe(40);
    expect(errors).toContain("results");
    state.down = false;
    await emitter.flush();
    expect(emitter.stats().resultsDepth).toBe(0);
    const ids = (await streamedRecords(mem.port, redisKeys.resultsStream("iad"))).map(
      (r) => r.domainId,
    );
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => `d${i}`));
  });

  it("counts what overflows the buffer during a long outage instead of dropping it silently", async () => {
    const { state, redis } = switchableRedis();
    const emitter = createEmitter({ region: "sin", redis, queue: memoryQueue(), maxBuffer: 10 });
    state.down = true;
    for (let i = 0; i < 25; i++) emitter.emit(aRecord(i), null);
    await emitter.flush();
    expect(emitter.stats()).toMatchObject({ resultsDepth: 10, resultsOverflowed: 15 });
  });

  it("keeps results flowing to Redis while a queue send hangs forever", async () => {
    const { mem, redis } = switchableRedis();
    let queueCalls = 0;
    const hung = {
      send: () => {
        queueCalls += 1;
        return new Promise<void>(() => {});
      },
    };
    const emitter = createEmitter({ region: "ams", redis, queue: hung, flushEveryMs: 10 });
    emitter.start();
    const down = aResult({ ok: false, error: { code: "TIMEOUT", message: "t" } });
    const obs = toObservation(down, {
      domainId: "d0",
      configVersion: 1,
      confirm: false,
      completedAt: 1,
    });
    emitter.emit({ ...down, domainId: "d0", configVersion: 1 }, obs);
    for (let i = 1; i <= 10; i++) emitter.emit(aRecord(i), null);
    await vi.waitFor(
      async () =>
        expect(await streamedRecords(mem.port, redisKeys.resultsStream("ams"))).toHaveLength(11),
      { timeout: 2_000, interval: 10 },
    );
    await emitter.flushResults();
    expect(queueCalls).toBeGreaterThan(0);
    expect(emitter.stats()).toMatchObject({ resultsDepth: 0, observationsInFlight: 1 });
  });

  it("gives up a send that outlives its deadline and delivers the batch on a retry", async () => {
    const queue = memoryQueue();
    let calls = 0;
    const flaky = {
      send: (q: "consensus" | "alerts", bodies: unknown[]) =>
        ++calls === 1 ? new Promise<void>(() => {}) : queue.send(q, bodies),
    };
    const errors: unknown[] = [];
    const emitter = createEmitter({
      region: "ams",
      redis: switchableRedis().redis,
      queue: flaky,
      sendTimeoutMs: 50,
      onError: (_w, err) => errors.push(err),
    });
    const down = aResult({ ok: false, error: { code: "TIMEOUT", message: "t" } });
    const obs = toObservation(down, {
      domainId: "d1",
      configVersion: 1,
      confirm: false,
      completedAt: 1,
    });
    emitter.emit({ ...down, domainId: "d1", configVersion: 1 }, obs);
    await emitter.flushObservations();
    expect(errors).toHaveLength(1);
    expect(emitter.stats()).toMatchObject({ observationsDepth: 1, observationsSendErrors: 1 });
    await emitter.flushObservations();
    expect(queue.sent.map((s) => (s.body as { domainId: string }).domainId)).toEqual(["d1"]);
    expect(emitter.stats().observationsDepth).toBe(0);
  });

  it("on overflow during a send drops only unsent results and counts exactly those", async () => {
    const { mem } = switchableRedis();
    let release: () => void = () => {};
    let calls = 0;
    const redis: Pick<RedisPort, "xaddMany"> = {
      async xaddMany(key, entries, maxLen) {
        if (++calls === 1) await new Promise<void>((r) => (release = r));
        return mem.port.xaddMany(key, entries, maxLen);
      },
    };
    const emitter = createEmitter({
      region: "ams",
      redis,
      queue: memoryQueue(),
      batchSize: 3,
      maxBuffer: 5,
    });
    for (let i = 0; i < 5; i++) emitter.emit(aRecord(i), null); // d0-d2 go out, d3-d4 wait
    expect(emitter.stats()).toMatchObject({ resultsInFlight: 3, resultsDepth: 5 });
    for (let i = 5; i < 9; i++) emitter.emit(aRecord(i), null); // 4 over: d3-d6 dropped
    expect(emitter.stats().resultsOverflowed).toBe(4);
    release();
    await emitter.flush();
    const ids = (await streamedRecords(mem.port, redisKeys.resultsStream("ams"))).map(
      (r) => r.domainId,
    );
    expect(ids).toEqual(["d0", "d1", "d2", "d7", "d8"]);
    expect(emitter.stats()).toMatchObject({ resultsDepth: 0, resultsOverflowed: 4 });
  });

  it("flushes what it holds when stopped", async () => {
    const { mem, redis } = switchableRedis();
    const emitter = createEmitter({
      region: "ams",
      redis,
      queue: memoryQueue(),
      flushEveryMs: 60_000,
    });
    emitter.start();
    emitter.emit(aRecord(1), null);
    await emitter.stop();
    expect(await streamedRecords(mem.port, redisKeys.resultsStream("ams"))).toHaveLength(1);
  });
});
