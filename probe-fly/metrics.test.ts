import { describe, expect, it } from "vitest";
import { memoryQueue } from "../adapters/queue/memory";
import type { RedisPort } from "../adapters/redis/port";
import { createEmitter } from "./emit";
import { createProbeMetrics } from "./metrics";
import { aResult } from "./testing/builders";

describe("probe metrics", () => {
  it("show the emitter's unsent drops, batch in flight and send errors by kind", async () => {
    let release: () => void = () => {};
    let calls = 0;
    const redis: Pick<RedisPort, "xaddMany"> = {
      async xaddMany() {
        calls += 1;
        if (calls === 1) await new Promise<void>((r) => (release = r));
        if (calls === 2) throw new Error("connection reset");
        return [];
      },
    };
    const emitter = createEmitter({
      region: "ams",
      redis,
      queue: memoryQueue(),
      batchSize: 2,
      maxBuffer: 3,
    });
    const metrics = createProbeMetrics("ams", {
      inFlight: () => 0,
      queued: () => 0,
      configVersion: () => 1,
      domains: () => 0,
      buffer: () => emitter.stats(),
    });
    const record = (i: number) => ({ ...aResult(), domainId: `d${i}`, configVersion: 1 });
    for (let i = 0; i < 6; i++) emitter.emit(record(i), null); // 2 out, 1 waits, then 3 over
    const during = await metrics.registry.metrics();
    expect(during).toContain('dp_probe_buffer_in_flight{kind="results",region="ams"} 2');
    expect(during).toContain('dp_probe_buffer_overflow_total{kind="results",region="ams"} 3');
    release();
    await emitter.flush();
    const after = await metrics.registry.metrics();
    expect(after).toContain('dp_probe_send_errors_total{kind="results",region="ams"} 1');
    expect(after).toContain('dp_probe_buffer_overflow_total{kind="results",region="ams"} 3');
    expect(after).toContain('dp_probe_buffer_depth{kind="results",region="ams"} 1');
  });
});
