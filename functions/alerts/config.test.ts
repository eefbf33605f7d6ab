import { describe, expect, it } from "vitest";
import { loadAlertsConfig } from "./config";

const env = {
  DATABASE_URL: "postgres://x@127.0.0.1/db",
  RESEND_API_KEY: "re_123",
  VAPID_SUBJECT: "mailto:ops@example.com",
  VAPID_PUBLIC_KEY: "B".repeat(87),
  VAPID_PRIVATE_KEY: "p".repeat(43),
};

describe("alerts config", () => {
  it("parses the environment with the delivery defaults", () => {
    const c = loadAlertsConfig(env);
    expect(c.settings).toMatchObject({
      channelPerMinute: 10,
      stormThreshold: 10,
      timeoutMs: 15_000,
    });
    expect(c.allowPrivateTargets).toBe(false);
    expect(c.wake).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("names every missing or bad setting", () => {
    expect(() => loadAlertsConfig({ ...env, RESEND_API_KEY: "" })).toThrow(/RESEND_API_KEY/);
    expect(() => loadAlertsConfig({ ...env, VAPID_SUBJECT: "ops" })).toThrow(/VAPID_SUBJECT/);
    expect(() => loadAlertsConfig({ ...env, ALERTS_STORM_THRESHOLD: "0" })).toThrow(
      /ALERTS_STORM_THRESHOLD/,
    );
  });
});
