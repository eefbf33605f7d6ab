import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createProbeMetrics } from "./metrics";
import { createOpsServer } from "./server";

const servers: { close: () => void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function start(state: string) {
  const metrics = createProbeMetrics("ams", {
    inFlight: () => 3,
    queued: () => 7,
    configVersion: () => 42,
    domains: () => 10,
    buffer: () => ({
      resultsDepth: 5,
      observationsDepth: 1,
      resultsInFlight: 0,
      observationsInFlight: 1,
      resultsOverflowed: 2,
      observationsOverflowed: 0,
      resultsSendErrors: 0,
      observationsSendErrors: 4,
    }),
  });
  metrics.checks.inc({ result: "ok" });
  metrics.checks.inc({ result: "TIMEOUT" });
  metrics.lateness.observe(0.002);
  const server = createOpsServer({
    state: () => state,
    stats: () => ({ domains: 10 }),
    registry: metrics.registry,
    region: "ams",
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("ops server", () => {
  it("answers /healthz 200 while running and 503 while draining", async () => {
    const up = await fetch(`${await start("running")}/healthz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: "running", region: "ams", domains: 10 });
    expect((await fetch(`${await start("stopping")}/healthz`)).status).toBe(503);
  });

  it("serves the probe's metrics as Prometheus text", async () => {
    const text = await (await fetch(`${await start("running")}/metrics`)).text();
    expect(text).toContain('dp_probe_checks_total{result="TIMEOUT",region="ams"} 1');
    expect(text).toContain('dp_probe_in_flight{region="ams"} 3');
    expect(text).toContain('dp_probe_config_version{region="ams"} 42');
    expect(text).toContain('dp_probe_buffer_depth{kind="results",region="ams"} 5');
    expect(text).toContain('dp_probe_buffer_overflow_total{kind="results",region="ams"} 2');
    expect(text).toContain('dp_probe_buffer_in_flight{kind="observations",region="ams"} 1');
    expect(text).toContain('dp_probe_send_errors_total{kind="observations",region="ams"} 4');
    expect(text).toContain("dp_probe_schedule_lateness_seconds_bucket");
  });
});
