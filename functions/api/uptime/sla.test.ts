import { describe, expect, it } from "vitest";
import { slaSummary } from "./sla";

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-01T12:00:00Z");

describe("slaSummary", () => {
  it("counts incident time inside each window as downtime and roll-ups as checks", () => {
    const out = slaSummary({
      now: NOW,
      monitoredSince: NOW - 400 * DAY,
      incidents: [
        { openedAt: NOW - 2 * DAY, resolvedAt: NOW - 2 * DAY + 30 * 60_000 }, // 30 min
        { openedAt: NOW - 60 * DAY, resolvedAt: NOW - 60 * DAY + 90 * 60_000 }, // 90 min
        { openedAt: NOW - 10 * 60_000, resolvedAt: null }, // open: 10 min so far
      ],
      days: [
        { bucket: NOW - 12 * 3_600_000, checks: 1000, failures: 10 },
        { bucket: NOW - 100 * DAY, checks: 1000, failures: 500 },
      ],
    });
    expect(out.map((w) => w.downtimeMinutes)).toEqual([40, 40, 130, 130]);
    expect(out.map((w) => w.incidents)).toEqual([2, 2, 3, 3]);
    expect(out[0]!.uptime).toBeCloseTo(1 - 40 / (7 * 24 * 60), 6);
    expect(out[0]).toMatchObject({ checks: 1000, failures: 10, checkUptime: 0.99 });
    expect(out[3]).toMatchObject({ checks: 2000, failures: 510 });
  });

  it("measures a new domain only since it was created", () => {
    const out = slaSummary({
      now: NOW,
      monitoredSince: NOW - DAY,
      incidents: [{ openedAt: NOW - 2 * 3_600_000, resolvedAt: NOW - 3_600_000 }],
      days: [],
    });
    expect(out[3]!.uptime).toBeCloseTo(1 - 1 / 24, 6);
    expect(out[3]!.checkUptime).toBeNull();
  });
});
