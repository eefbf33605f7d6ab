import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

describe("npm start when it cannot start", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "dp-start-fail-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("exits 1 with one line naming the cause when PORT is taken", async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = (taken.address() as { port: number }).port;
    const child = spawn(process.execPath, ["--import", "tsx", "local/main.ts"], {
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        TIMESERIES_DATABASE_URL: "",
        REDIS_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    taken.close();
    expect(code).toBe(1);
    expect(err).toMatch(/cannot start: .*EADDRINUSE/);
    expect(err).not.toMatch(/^\s+at /m);
  }, 60_000);
});
