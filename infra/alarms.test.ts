import { describe, expect, it } from "vitest";
import { alarmSpecs, silenceWindowSeconds } from "./alarms";
import { CONSENSUS_SHARDS, lambdaUnits } from "./units";

describe("alarmSpecs", () => {
  const specs = alarmSpecs(lambdaUnits);

  it("watches every dead-letter queue from its first message, each consensus shard's included", () => {
    const dlq = specs.filter((s) => "queue" in s.on && s.on.dlq);
    expect(dlq.map((s) => [s.name, s.on])).toEqual([
      ["consensus-dlq-not-empty", { queue: "consensus", shard: 0, dlq: true }],
      ["consensus1-dlq-not-empty", { queue: "consensus", shard: 1, dlq: true }],
      ["consensus2-dlq-not-empty", { queue: "consensus", shard: 2, dlq: true }],
      ["consensus3-dlq-not-empty", { queue: "consensus", shard: 3, dlq: true }],
      ["alerts-dlq-not-empty", { queue: "alerts", shard: 0, dlq: true }],
    ]);
    expect(dlq.every((s) => s.threshold === 1 && s.evaluationPeriods === 1)).toBe(true);
  });

  it("alarms when any consensus shard's oldest message waits a minute, the alerts' five", () => {
    const stuck = specs.filter((s) => "queue" in s.on && !s.on.dlq);
    expect(stuck.map((s) => [s.name, s.threshold])).toEqual([
      ["consensus-queue-stuck", 60],
      ["consensus1-queue-stuck", 60],
      ["consensus2-queue-stuck", 60],
      ["consensus3-queue-stuck", 60],
      ["alerts-queue-stuck", 300],
    ]);
    expect(stuck.map((s) => s.on)).toContainEqual({ queue: "consensus", shard: 3, dlq: false });
    expect(CONSENSUS_SHARDS).toBe(4);
  });

  it("has one alarm of each kind per queue when consensus is not sharded", () => {
    const one = alarmSpecs(lambdaUnits, { consensus: 1, alerts: 1 });
    expect(one.filter((s) => "queue" in s.on).map((s) => s.name)).toEqual([
      "consensus-dlq-not-empty",
      "consensus-queue-stuck",
      "alerts-dlq-not-empty",
      "alerts-queue-stuck",
    ]);
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
