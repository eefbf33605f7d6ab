import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript } from "../../test-support/run-script";

const CLI = "scripts/admin/main.ts";

describe("npm run admin on an embedded database", () => {
  const dir = mkdtempSync(join(tmpdir(), "dp-admin-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { PATH: process.env.PATH, DATABASE_URL: `pglite://${dir}/control` };
  const admin = (...args: string[]) => runScript(CLI, args, env);

  it("creates an organization, a read key for it, and changes its plan", async () => {
    const org = await admin("org", "create", "--name", "acme", "--plan", "pro");
    expect(org.stderr).toBe("");
    expect(org.code).toBe(0);
    const { orgId, apiKey } = JSON.parse(org.stdout);
    expect(orgId).toMatch(/^[0-9a-f-]{36}$/);
    expect(apiKey).toMatch(/^dp_live_/);

    const key = await admin("key", "create", "--org", orgId, "--scope", "read");
    expect(key.code).toBe(0);
    expect(Object.keys(JSON.parse(key.stdout)).sort()).toEqual(["apiKey", "id"]);

    const plan = await admin("plan", "set", "--org", orgId, "business");
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toEqual({ orgId, plan: "business" });
  }, 60_000);

  it("exits 1 with one line when the organization does not exist", async () => {
    const run = await admin("key", "create", "--org", "0b5a3c2e-6f1d-4c8a-9e7b-1234567890ab");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("admin: no organization 0b5a3c2e-6f1d-4c8a-9e7b-1234567890ab\n");
  }, 60_000);

  it("exits 2 naming the argument, before touching any database", async () => {
    const run = await runScript(CLI, ["org", "create", "--plan", "gold", "--name", "x"], {
      PATH: process.env.PATH,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^admin: --plan must be one of free, pro, business/);
    expect(run.stderr).toMatch(/usage: npm run -s admin/);
  }, 60_000);

  it("exits 1 naming DATABASE_URL when it is not set", async () => {
    const run = await runScript(CLI, ["reconcile"], { PATH: process.env.PATH });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/DATABASE_URL: must be set/);
  }, 60_000);
});
