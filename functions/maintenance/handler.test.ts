import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../adapters/clock/clock";
import { openMigratedMemory } from "../../adapters/db/migrated-memory";
import type { DatabaseHandle } from "../../adapters/db/types";
import { configKeys } from "../../adapters/redis/config-keys";
import { memoryRedis } from "../../adapters/redis/memory";
import { domains } from "../../schema/control/domains";
import { organizations } from "../../schema/control/organizations";
import { memoryLogger } from "../api/testing/harness";
import { MaintenanceError, maintenanceHandler, runTick } from "./handler";
import { type MaintenanceDeps, type MaintenanceTask, maintenanceTasks } from "./tasks";

describe("maintenance tick", () => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await openMigratedMemory("control");
    const [org] = await h.db.insert(organizations).values({ name: "o" }).returning();
    await h.db.insert(domains).values(
      ["a", "b", "c"].map((name) => ({
        orgId: org!.id,
        url: `https://${name}.test/`,
        name,
        regions: ["ams"],
      })),
    );
  });
  afterAll(() => h.close());

  const depsOn = (redis = memoryRedis()): MaintenanceDeps => ({
    db: h.db,
    redis: redis.port,
    clock: manualClock(1_800_000_000_000),
    log: memoryLogger(),
  });

  it("rebuilds a wiped Redis from the control DB and marks its epoch complete", async () => {
    const redis = memoryRedis();
    const report = await maintenanceHandler(async () => depsOn(redis), maintenanceTasks)();
    expect(report.ok).toBe(true);
    expect(report.tasks.map((t) => t.task)).toEqual([
      "reconcile-config",
      "prune-config-log",
      "reconcile-status-pages",
      "prune-alert-outbox",
    ]);
    const k = configKeys();
    expect(await redis.port.hlen(k.hash)).toBe(3);
    expect(await redis.port.get(k.complete)).toBe(await redis.port.get(k.epoch));
    expect(report.tasks[0]).toMatchObject({ ok: true, result: { put: 3, complete: true } });
  });

  it("runs every task even when one fails, then fails the invocation naming it", async () => {
    const ran: string[] = [];
    const task = (name: string, fail = false): MaintenanceTask => ({
      name,
      async run() {
        ran.push(name);
        if (fail) throw new Error(`${name} broke`);
        return { n: 1 };
      },
    });
    const tasks = [task("first"), task("second", true), task("third")];
    const deps = depsOn();
    const report = await runTick(deps, tasks);
    expect(ran).toEqual(["first", "second", "third"]);
    expect(report.ok).toBe(false);
    expect(report.tasks[1]).toMatchObject({ task: "second", ok: false, error: "second broke" });
    const err = await maintenanceHandler(async () => deps, tasks)().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MaintenanceError);
    expect((err as MaintenanceError).message).toContain("second");
    expect((err as MaintenanceError).report.tasks.map((t) => t.ok)).toEqual([true, false, true]);
  });
});
