import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateDatabase } from "../../adapters/db/migrate";
import { openDatabase } from "../../adapters/db/open";
import type { DatabaseHandle } from "../../adapters/db/types";
import { scratchDatabase } from "../../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../../test-support/services";
import { flushBatch } from "./flush";
import { rollupDeltas } from "./rollup";
import { upsertRollups } from "./rollup-upsert";
import { parsed, rollupUpsertContract, storedHour } from "./rollup-upsert.test-suite";
import { aRecord, totals } from "./testing";

describeWith(["TIMESERIES_DATABASE_URL"], "roll-up upserts on PostgreSQL", () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let db: DatabaseHandle;
  let other: DatabaseHandle;
  /** A plain connection of its own, for a transaction held across statements. */
  const scratchClient = async () => {
    const { Client } = await import("pg");
    const c = new Client({ connectionString: scratch.url });
    await c.connect();
    return c;
  };
  beforeAll(async () => {
    scratch = await scratchDatabase(serviceUrl("TIMESERIES_DATABASE_URL")!, "rollup_upsert");
    db = await openDatabase(scratch.url);
    other = await openDatabase(scratch.url);
    await migrateDatabase(db, "timeseries");
  });
  afterAll(async () => {
    await other?.close();
    await db?.close();
    await scratch?.drop();
  });

  rollupUpsertContract(() => db);

  it("adds both of two concurrent flushes, to a row one of them inserts and to one already there", async () => {
    const [fresh, existing] = [randomUUID(), randomUUID()];
    const at = (domainId: string, minute: number, totalMs: number) =>
      aRecord({
        domainId,
        checkedAt: `2031-03-04T05:${String(minute).padStart(2, "0")}:00Z`,
        timings: { dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 4, totalMs },
      });
    const deltas = (records: ReturnType<typeof aRecord>[]) => rollupDeltas(parsed(records)).hour;
    await upsertRollups(db.db, "hour", deltas([at(existing, 0, 40)]));

    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    // the first flush inserts `fresh` and updates `existing`, and holds its transaction open
    let firstDone = false;
    const first = db.transaction(async (tx) => {
      await upsertRollups(tx.db, "hour", deltas([at(fresh, 1, 100), at(existing, 1, 200)]));
      await held;
      firstDone = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    // the second saw neither change in its snapshot: it waits on both rows' locks
    const second = upsertRollups(
      other.db,
      "hour",
      deltas([at(fresh, 2, 1_000), at(fresh, 3, 3), at(existing, 2, 7)]),
    ).then(() => firstDone);
    await new Promise((r) => setTimeout(r, 200));
    release();
    await first;
    expect(await second).toBe(true); // it finished after the first committed

    const got = await storedHour(db.db, [fresh, existing]);
    const want = rollupDeltas(
      parsed([at(fresh, 1, 100), at(fresh, 2, 1_000), at(fresh, 3, 3), at(existing, 0, 40)]),
    ).hour;
    const wantExisting = rollupDeltas(
      parsed([at(existing, 0, 40), at(existing, 1, 200), at(existing, 2, 7)]),
    ).hour[0]!;
    const wantFresh = want.find((d) => d.domainId === fresh)!;
    for (const [id, w] of [
      [fresh, wantFresh],
      [existing, wantExisting],
    ] as const) {
      const row = got.get(id)!;
      expect(row.checks).toBe(w.checks);
      expect(row.latencySum).toBeCloseTo(w.latencySum, 6);
      expect(row.latencyMin).toBeCloseTo(w.latencyMin!, 3);
      expect(row.latencyMax).toBeCloseTo(w.latencyMax!, 3);
      expect(row.histogram.counts.reduce((a, b) => a + b, 0)).toBe(w.latencyCount);
    }
  });

  it("runs a flush again when PostgreSQL ends it as a deadlock victim", async () => {
    const domainId = randomUUID();
    const at = (minute: number) =>
      aRecord({ domainId, checkedAt: `2031-03-05T05:${String(minute).padStart(2, "0")}:00Z` });
    await flushBatch(db, parsed([at(0)])); // its hourly and all-regions rows now exist
    // another writer holds the all-regions row, which the flush reaches after the hourly one
    const rival = await scratchClient();
    await rival.query("BEGIN");
    await rival.query("UPDATE rollups_daily_all SET checks = checks WHERE domain_id = $1", [
      domainId,
    ]);
    const flushing = flushBatch(db, parsed([at(1)]));
    await new Promise((r) => setTimeout(r, 300)); // the flush holds the hourly row and waits
    // and now wants the hourly row: a cycle, and PostgreSQL ends the flush, which waited first
    await rival.query("UPDATE rollups_hourly SET checks = checks WHERE domain_id = $1", [domainId]);
    await rival.query("COMMIT");
    await rival.end();
    await expect(flushing).resolves.toMatchObject({ inserted: 1 });
    const got = await totals(db.db, [domainId]);
    expect(got.raw.n).toBe(2);
    expect(got.hourly.checks).toBe(2);
    expect(got.dailyAll.checks).toBe(2);
  });
});
