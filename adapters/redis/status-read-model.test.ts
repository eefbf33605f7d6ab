import { describe, expect, it } from "vitest";
import { redisKeys } from "../../schema/redis-keys";
import type { IncidentSummary } from "../../schema/wire/status-page";
import { incidentSummary } from "./incident-summary";
import { memoryRedis } from "./memory";
import {
  parseDailyBars,
  publishStatusPage,
  RESOLVED_KEPT,
  unpublishStatusPage,
  utcDay,
  writeDailyBars,
  writeIncidentSummary,
} from "./status-read-model";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const DAY = 86_400_000;

const aSummary = (over: Partial<IncidentSummary> = {}): IncidentSummary => ({
  id: crypto.randomUUID(),
  domainId: "d1",
  state: "resolved",
  title: "timeout",
  regions: ["ams"],
  openedAt: new Date(NOW - DAY).toISOString(),
  resolvedAt: new Date(NOW - DAY + 60_000).toISOString(),
  timeline: [],
  ...over,
});

describe("status page read models", () => {
  it("replaces a day's counts and drops days older than 90", async () => {
    const r = memoryRedis().port;
    await writeDailyBars(r, "d1", [{ day: utcDay(NOW - 95 * DAY), checks: 5, failures: 0 }], NOW);
    await writeDailyBars(r, "d1", [{ day: utcDay(NOW), checks: 10, failures: 1 }], NOW);
    await writeDailyBars(r, "d1", [{ day: utcDay(NOW), checks: 20, failures: 2 }], NOW);
    await r.hset(redisKeys.dailyBars("d1"), { [utcDay(NOW - 91 * DAY)]: "1,0" });
    await writeDailyBars(r, "d1", [{ day: utcDay(NOW - DAY), checks: 3, failures: 3 }], NOW);
    expect(parseDailyBars(await r.hgetall(redisKeys.dailyBars("d1")))).toEqual([
      { day: "2026-11-30", checks: 3, failures: 3 },
      { day: "2026-12-01", checks: 20, failures: 2 },
    ]);
  });

  it("keeps every open incident and only the newest resolved ones inside the window", async () => {
    const r = memoryRedis().port;
    const open = aSummary({
      state: "open",
      resolvedAt: null,
      openedAt: "2026-01-01T00:00:00.000Z",
    });
    const old = aSummary({
      openedAt: new Date(NOW - 100 * DAY).toISOString(),
      resolvedAt: new Date(NOW - 99 * DAY).toISOString(),
    });
    await writeIncidentSummary(r, open, NOW);
    await writeIncidentSummary(r, old, NOW);
    for (let i = 0; i < RESOLVED_KEPT + 3; i++) {
      await writeIncidentSummary(
        r,
        aSummary({ openedAt: new Date(NOW - i * 3_600_000).toISOString() }),
        NOW,
      );
    }
    const kept = Object.values(await r.hgetall(redisKeys.incidentSummaries("d1"))).map(
      (v) => JSON.parse(v) as IncidentSummary,
    );
    expect(kept).toHaveLength(RESOLVED_KEPT + 1);
    expect(kept.map((k) => k.id)).toContain(open.id);
    expect(kept.map((k) => k.id)).not.toContain(old.id);
  });

  it("drops the old slug and hostname keys when a page moves, and all of them on unpublish", async () => {
    const r = memoryRedis().port;
    const model = {
      id: "p1",
      slug: "a",
      title: "A",
      domains: [],
      customHostname: "s.a.test",
      updatedAt: "x",
    };
    await publishStatusPage(r, model);
    await publishStatusPage(r, { ...model, slug: "b", customHostname: "s.b.test" });
    expect(await r.get(redisKeys.statusPage("a"))).toBeNull();
    expect(await r.get(redisKeys.statusPageHost("s.a.test"))).toBeNull();
    expect(await r.get(redisKeys.statusPageHost("s.b.test"))).toBe("b");
    await unpublishStatusPage(r, "p1");
    expect(await r.get(redisKeys.statusPage("b"))).toBeNull();
    expect(await r.get(redisKeys.statusPageHost("s.b.test"))).toBeNull();
    expect(await r.hgetall(redisKeys.statusPageIndex)).toEqual({});
  });

  it("summarises an incident's state changes and written updates, not its internal steps", () => {
    const at = (m: number) => new Date(NOW + m * 60_000);
    const s = incidentSummary(
      {
        id: "i1",
        domainId: "d1",
        state: "resolved",
        regions: ["ams", "iad"],
        cause: "TLS_EXPIRED",
        openedAt: at(0),
        resolvedAt: at(9),
      },
      [
        {
          sequence: 3,
          type: "incident.resolved",
          fromState: "recovering",
          toState: "resolved",
          at: at(9),
          data: {},
        },
        {
          sequence: 1,
          type: "incident.opened",
          fromState: "suspect",
          toState: "open",
          at: at(0),
          data: {},
        },
        {
          sequence: 2,
          type: "vote",
          fromState: "open",
          toState: "open",
          at: at(1),
          data: { region: "sin" },
        },
        {
          sequence: 4,
          type: "incident.update",
          fromState: "resolved",
          toState: "resolved",
          at: at(10),
          data: { message: "Renewed." },
        },
      ],
    );
    expect(s.title).toBe("tls expired");
    expect(s.timeline.map((t) => [t.type, t.message])).toEqual([
      ["incident.opened", undefined],
      ["incident.resolved", undefined],
      ["incident.update", "Renewed."],
    ]);
  });
});
