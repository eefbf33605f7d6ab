import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../adapters/db";
import { runScript } from "../test-support/run-script";

describe("npm run db:migrate", () => {
  const dir = mkdtempSync(join(tmpdir(), "dp-migrate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("migrates both databases named by the environment", async () => {
    const env = {
      ...process.env,
      DATABASE_URL: `pglite://${dir}/control`,
      TIMESERIES_DATABASE_URL: `pglite://${dir}/timeseries`,
    };
    const { code, stdout } = await runScript("scripts/db-migrate.ts", [], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/control: migrated/);
    expect(stdout).toMatch(/timeseries: migrated/);
    const ts = await openDatabase(`pglite://${dir}/timeseries`);
    const r = await ts.db.execute("SELECT to_regclass('probe_results') IS NOT NULL AS present");
    expect((r as unknown as { rows: { present: boolean }[] }).rows[0]!.present).toBe(true);
    await ts.close();
  }, 60_000);

  it("fails with a non-zero exit naming a bad URL", async () => {
    const env = { ...process.env, DATABASE_URL: "mysql://nope", TIMESERIES_DATABASE_URL: "" };
    const r = await runScript("scripts/db-migrate.ts", [], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/postgres:\/\//);
  }, 60_000);
});
