import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../adapters/db";

const run = promisify(execFile);

describe("npm run db:migrate", () => {
  const dir = mkdtempSync(join(tmpdir(), "dp-migrate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("migrates both databases named by the environment", async () => {
    const env = {
      ...process.env,
      DATABASE_URL: `pglite://${dir}/control`,
      TIMESERIES_DATABASE_URL: `pglite://${dir}/timeseries`,
    };
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/db-migrate.ts"], {
      env,
    });
    expect(stdout).toMatch(/control: migrated/);
    expect(stdout).toMatch(/timeseries: migrated/);
    const ts = await openDatabase(`pglite://${dir}/timeseries`);
    const r = await ts.db.execute("SELECT to_regclass('probe_results') IS NOT NULL AS present");
    expect((r as unknown as { rows: { present: boolean }[] }).rows[0]!.present).toBe(true);
    await ts.close();
  }, 60_000);

  it("fails with a non-zero exit naming a bad URL", async () => {
    const env = { ...process.env, DATABASE_URL: "mysql://nope", TIMESERIES_DATABASE_URL: "" };
    const err = await run(process.execPath, ["--import", "tsx", "scripts/db-migrate.ts"], {
      env,
    }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).not.toBe(0);
    expect((err as { stderr: string }).stderr).toMatch(/postgres:\/\//);
  }, 60_000);
});
