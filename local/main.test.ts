import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** Starts `tsx local/main.ts` like `npm start` does and waits for its address. */
function startStack(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "local/main.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no address within 40 s:\n${out}`)), 40_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/running on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

describe("npm start", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "dp-start-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("serves /healthz on embedded databases and stops cleanly on SIGTERM", async () => {
    const { child, url } = await startStack({
      PORT: "0",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      TIMESERIES_DATABASE_URL: "",
      REDIS_URL: "",
    });
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, control: "pglite", timeseries: "pglite" });
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);

  it("refuses a bad setting with exit 2 and names it", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "local/main.ts"], {
      env: { ...process.env, PORT: "not-a-port" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/PORT/);
  }, 30_000);
});
