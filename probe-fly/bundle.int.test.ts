import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { afterAll, expect, it } from "vitest";
import { describeWith, serviceUrl } from "../test-support/services";
import { buildProbe } from "./build";
import { closedPort, tcpServer } from "./testing/servers";

async function freePort(): Promise<number> {
  const s = await tcpServer(() => {});
  await s.close();
  return s.port;
}

describeWith(["REDIS_URL"], "the probe image's bundle", () => {
  const dir = mkdtempSync(join(tmpdir(), "dp-probe-bundle-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("starts from fly.toml's env alone (no node_modules), answers /healthz, drains on SIGTERM", async () => {
    const file = join(dir, "probe.mjs");
    await buildProbe(file);
    const fly = parse(readFileSync(join(import.meta.dirname, "fly.toml"), "utf8")) as {
      env: Record<string, string>;
    };
    const port = await freePort();
    const region = `it-img-${randomUUID().slice(0, 8)}`;
    const child: ChildProcess = spawn(process.execPath, ["--enable-source-maps", file], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        // the image's ENV, then fly.toml's [env] (PORT made ephemeral), then what Fly and the
        // secrets add
        NODE_ENV: "production",
        AWS_EC2_METADATA_DISABLED: "true",
        ...fly.env,
        PORT: String(port),
        FLY_REGION: region,
        REDIS_URL: serviceUrl("REDIS_URL")!,
        // loopback and closed: nothing is sent in this test, and never off-host
        CONSENSUS_QUEUE_URL: `http://127.0.0.1:${await closedPort()}/consensus`,
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
      },
    });
    let stderr = "";
    child.stderr!.on("data", (d) => {
      stderr += d;
    });
    const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    try {
      let health: Response | null = null;
      for (const end = Date.now() + 15_000; Date.now() < end; ) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        if (health?.status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(health?.status, stderr).toBe(200);
      expect(await health!.json()).toMatchObject({ status: "running", region });
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(await metrics.text()).toContain(`dp_probe_in_flight{region="${region}"} 0`);
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
      // the AWS SDK may warn about Node versions; nothing may fail
      expect(stderr).not.toMatch(/Error|\n\s+at /);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});
