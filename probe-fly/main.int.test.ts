import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeWith, serviceUrl } from "../test-support/services";
import { closedPort, tcpServer } from "./testing/servers";

async function freePort(): Promise<number> {
  const s = await tcpServer(() => {});
  await s.close();
  return s.port;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => child.once("exit", (code) => r(code)));
}

describeWith(["REDIS_URL"], "probe-fly/main.ts as a process", () => {
  it("serves /healthz and /metrics, then drains and exits 0 on SIGTERM", async () => {
    const port = await freePort();
    const region = `it-main-${randomUUID().slice(0, 8)}`;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "main.ts")],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          PATH: process.env.PATH,
          REGION: region,
          REDIS_URL: serviceUrl("REDIS_URL")!,
          // loopback and closed: the queue is never reached in this test, and never off-host
          CONSENSUS_QUEUE_URL: `http://127.0.0.1:${await closedPort()}/consensus`,
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_EC2_METADATA_DISABLED: "true",
          PORT: String(port),
          LOG_FORMAT: "json",
        },
      },
    );
    let stdout = "";
    child.stdout!.on("data", (d) => {
      stdout += d;
    });
    const exit = exited(child);
    try {
      const end = Date.now() + 15_000;
      let health: Response | null = null;
      while (Date.now() < end) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        if (health?.status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(health?.status).toBe(200);
      expect(await health!.json()).toMatchObject({ status: "running", region });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain(`dp_probe_in_flight{region="${region}"} 0`);
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
      const lines = stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { msg: string });
      expect(lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining(["draining", "probe stopped", "stopped"]),
      );
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
