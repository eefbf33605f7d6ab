import { describe, expect, it } from "vitest";
import { alarmSpecs, silenceWindowSeconds } from "./alarms";
import { lambdaUnits } from "./units";

describe("alarmSpecs", () => {
  const specs = alarmSpecs(lambdaUnits);

  it("watches both dead-letter queues from their first message", () => {
    const dlq = specs.filter((s) => "queue" in s.on && s.on.dlq);
    expect(dlq.map((s) => s.on)).toEqual([
      { queue: "consensus", dlq: true },
      { queue: "alerts", dlq: true },
    ]);
    expect(dlq.every((s) => s.threshold === 1 && s.evaluationPeriods === 1)).toBe(true);
  });

  it("alarms on every deployed function's errors, and on a cron that stopped running", () => {
    for (const unit of lambdaUnits) {
      expect(specs.some((s) => s.name === `${unit.name.toLowerCase()}-errors`)).toBe(true);
    }
    const silent = specs.find((s) => s.name === "maintenance-not-running")!;
    expect(silent).toMatchObject({
      comparison: "LessThanThreshold",
      treatMissingData: "breaching",
    });
  });

  it("gives an hourly cron two hours before it counts as silent, a per-minute one five minutes", () => {
    const period = (name: string) => specs.find((s) => s.name === name)!.periodSeconds;
    expect(period("timeseriesmaintenance-not-running")).toBe(7200);
    expect(period("ingest-not-running")).toBe(300);
    expect(period("alertssweep-not-running")).toBe(300);
    expect(silenceWindowSeconds("rate(1 day)")).toBe(86_400);
    expect(silenceWindowSeconds("cron(0 3 * * ? *)")).toBe(86_400);
  });

  it("gives every alarm a unique name", () => {
    expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
  });
});
