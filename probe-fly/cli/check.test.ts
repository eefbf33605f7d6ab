import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProbeResult } from "../../schema/wire";
import { runScript } from "../../test-support/run-script";
import { aPki } from "../testing/pki";
import { httpServer, httpsServer, type TestServer } from "../testing/servers";

const script = join(import.meta.dirname, "check.ts");
let https: TestServer;
let http: TestServer;
let caFile: string;

const run = (args: string[]) => runScript(script, args);

beforeAll(async () => {
  const pki = await aPki();
  const dir = mkdtempSync(join(tmpdir(), "dp-check-"));
  caFile = join(dir, "ca.pem");
  writeFileSync(caFile, pki.root.cert);
  const cert = `${pki.leaf.cert}\n${pki.intermediate.cert}`;
  https = await httpsServer({ cert, key: pki.leaf.key }, (_req, res) => res.end("welcome home"));
  http = await httpServer((_req, res) => {
    res.statusCode = 500;
    res.end();
  });
});
afterAll(async () => {
  await Promise.all([https.close(), http.close()]);
});

describe("npm run check", () => {
  it("prints a passing ProbeResult as JSON and exits 0 with a test CA and --allow-private", async () => {
    const url = `https://localhost:${https.port}/`;
    const r = await run([
      url,
      "--json",
      "--ca",
      caFile,
      "--allow-private",
      "--region",
      "ams",
      "--keyword",
      "home",
    ]);
    expect(r.code).toBe(0);
    const result = ProbeResult.parse(JSON.parse(r.stdout));
    expect(result).toMatchObject({ url, region: "ams", ok: true, error: null, httpStatus: 200 });
    expect(result.tls?.authorized).toBe(true);
  });

  it("exits 1 with TLS_UNTRUSTED when the CA is not given", async () => {
    const r = await run([`https://localhost:${https.port}/`, "--json", "--allow-private"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe("TLS_UNTRUSTED");
  });

  it("exits 1 with BLOCKED_ADDRESS for loopback without --allow-private, never connecting", async () => {
    const before = http.connections();
    const r = await run([`http://127.0.0.1:${http.port}/`, "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe("BLOCKED_ADDRESS");
    expect(http.connections()).toBe(before);
  });

  it("honours --expect-status and prints a readable summary without --json", async () => {
    const url = `http://127.0.0.1:${http.port}/`;
    const fail = await run([url, "--allow-private"]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/^FAIL .*\n\s+error\s+HTTP_STATUS/);
    const pass = await run([
      url,
      "--allow-private",
      "--expect-status",
      "500-599",
      "--local-address",
      "127.0.0.1",
    ]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/^PASS /);
  });

  it.each([
    [["--json"], /missing <url>/],
    [["http://x/", "--timeout", "soon"], /--timeout/],
    [["http://x/", "--expect-status", "2xx"], /--expect-status/],
    [["http://x/", "--method", "POST"], /--method/],
    [["http://x/", "--local-address", "not-an-ip"], /--local-address/],
    [["http://x/", "--ca", "/nonexistent/ca.pem"], /--ca/],
    [["http://x/", "--bogus"], /--bogus/],
  ])("exits 2 naming the bad argument for %j", async (args, pattern) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stdout).toBe("");
  });
});
