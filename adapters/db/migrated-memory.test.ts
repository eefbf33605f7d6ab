import { readdir } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { organizations } from "../../schema/control/organizations";
import { openMigratedMemory, snapshotDir } from "./migrated-memory";

it("gives each caller its own migrated database, started from one copy", async () => {
  const a = await openMigratedMemory("control");
  await a.db
    .insert(organizations)
    .values({ id: "00000000-0000-4000-8000-000000000001", name: "a" });
  const b = await openMigratedMemory("control");
  try {
    expect(await a.db.select().from(organizations)).toHaveLength(1);
    // b starts from the migrated copy, not from a's writes
    expect(await b.db.select().from(organizations)).toHaveLength(0);
    const series = await openMigratedMemory("timeseries");
    const tables = await series.db.execute(
      sql`select 1 from information_schema.tables where table_name = 'rollups_daily_all'`,
    );
    expect((tables as unknown as { rows: unknown[] }).rows).toHaveLength(1);
    await series.close();
    // kept on disk for every later process: one file per role, named by its migrations' key
    const files = await readdir(snapshotDir());
    expect(files.filter((f) => /^control-[0-9a-f]{16}\.tar$/.test(f)).length).toBeGreaterThan(0);
    expect(files.filter((f) => /^timeseries-[0-9a-f]{16}\.tar$/.test(f)).length).toBeGreaterThan(0);
  } finally {
    await a.close();
    await b.close();
  }
});
