import { describe, expect, it } from "vitest";
import { planLimits } from "../plans";
import { checkSettings, type DomainSettings, settingsForCreate } from "./rules";

const config = { regions: ["ams", "iad", "sin", "syd"], minIntervalSeconds: 30 };

function settings(over: Partial<DomainSettings> = {}): DomainSettings {
  const base = settingsForCreate(
    { url: "https://example.com/x" },
    planLimits("business", config),
    config,
  );
  return { ...base, ...over };
}

describe("settingsForCreate", () => {
  it("gives a free domain one region and the free plan's interval", () => {
    const s = settingsForCreate({ url: "https://a.test/" }, planLimits("free", config), config);
    expect(s.regions).toEqual(["ams"]);
    expect(s.intervalSeconds).toBe(300);
    expect(s.name).toBe("a.test");
  });

  it("gives a business domain three regions and a one-minute interval", () => {
    const s = settingsForCreate({ url: "https://a.test/" }, planLimits("business", config), config);
    expect(s.regions).toEqual(["ams", "iad", "sin"]);
    expect(s.intervalSeconds).toBe(60);
  });
});

describe("checkSettings", () => {
  it("refuses more regions than the plan allows, naming the field", () => {
    const s = settings({ regions: ["ams", "iad"] });
    expect(() => checkSettings(s, planLimits("free", config), "free")).toThrow(
      expect.objectContaining({ code: "plan_limit_value", field: "regions" }),
    );
  });

  it("refuses an interval under the plan's minimum", () => {
    const s = settings({ regions: ["ams"], intervalSeconds: 60 });
    expect(() => checkSettings(s, planLimits("free", config), "free")).toThrow(
      expect.objectContaining({
        field: "intervalSeconds",
        message: expect.stringMatching(/300 s/),
      }),
    );
    expect(() => checkSettings(s, planLimits("pro", config), "pro")).not.toThrow();
  });

  it("refuses a quorum larger than the regions and a timeout longer than the interval", () => {
    const limits = planLimits("business", config);
    expect(() => checkSettings(settings({ quorum: 4 }), limits, "business")).toThrow(
      expect.objectContaining({ code: "unprocessable", field: "quorum" }),
    );
    expect(() =>
      checkSettings(settings({ intervalSeconds: 30, timeoutMs: 31_000 }), limits, "business"),
    ).toThrow(expect.objectContaining({ field: "timeoutMs" }));
  });

  it("lets the top plan reach the deployment's floor, and no lower", () => {
    const local = { ...config, minIntervalSeconds: 1 };
    const limits = planLimits("business", local);
    expect(() =>
      checkSettings(settings({ intervalSeconds: 1, timeoutMs: 500 }), limits, "business"),
    ).not.toThrow();
    expect(planLimits("pro", local).minIntervalSeconds).toBe(60);
  });

  it("names MIN_INTERVAL_SECONDS, not the plan, when the deployment's floor refuses an interval", () => {
    const limits = planLimits("business", config);
    expect(() => checkSettings(settings({ intervalSeconds: 10 }), limits, "business", 30)).toThrow(
      expect.objectContaining({
        field: "intervalSeconds",
        message: expect.stringMatching(/MIN_INTERVAL_SECONDS=30/),
      }),
    );
    const free = settings({ regions: ["ams"], intervalSeconds: 10 });
    expect(() => checkSettings(free, planLimits("free", config), "free", 30)).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/free plan/) }),
    );
  });
});
