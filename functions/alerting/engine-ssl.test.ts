import { describe, expect, it } from "vitest";
import { aDomain, aResult, MIN, run, T0, typesOf } from "./test-trace";

const DAY = 24 * 60 * MIN;

function aTls(over: Record<string, unknown> = {}) {
  return { daysToExpiry: 45, fingerprint256: "AA:01", authorized: true, error: null, ...over };
}

describe("ssl.expiring", () => {
  it("is sent once per certificate per threshold crossed, whichever regions see it", () => {
    const out = run([
      aDomain(),
      aResult({ t: T0, region: "ams", tls: aTls({ daysToExpiry: 29.5 }) }),
      aResult({ t: T0 + 1_000, region: "iad", tls: aTls({ daysToExpiry: 29.5 }) }),
      aResult({ t: T0 + DAY, region: "sin", tls: aTls({ daysToExpiry: 28.5 }) }),
      aResult({ t: T0 + 16 * DAY, region: "ams", tls: aTls({ daysToExpiry: 13.5 }) }),
      aResult({ t: T0 + 16 * DAY + 1_000, region: "iad", tls: aTls({ daysToExpiry: 13.5 }) }),
    ]);
    expect(out.map((n) => [n.type, n.thresholdDays])).toEqual([
      ["ssl.expiring", 30],
      ["ssl.expiring", 14],
    ]);
  });

  it("sends one notice for the tightest threshold when first seen past several", () => {
    const out = run([aDomain(), aResult({ tls: aTls({ daysToExpiry: 6 }) })]);
    expect(out).toEqual([
      expect.objectContaining({
        type: "ssl.expiring",
        thresholdDays: 7,
        daysToExpiry: 6,
        fingerprint256: "AA:01",
      }),
    ]);
  });

  it("starts over for a renewed certificate with a new fingerprint", () => {
    const out = run([
      aDomain(),
      aResult({ t: T0, tls: aTls({ daysToExpiry: 2 }) }),
      aResult({ t: T0 + MIN, tls: aTls({ daysToExpiry: 2, fingerprint256: "BB:02" }) }),
    ]);
    expect(out.map((n) => n.fingerprint256)).toEqual(["AA:01", "BB:02"]);
  });

  it("uses the domain's own thresholds", () => {
    const out = run([aDomain({ sslWarnDays: [60] }), aResult({ tls: aTls({ daysToExpiry: 45 }) })]);
    expect(out).toEqual([expect.objectContaining({ type: "ssl.expiring", thresholdDays: 60 })]);
  });

  it("is never sent for an invalid certificate", () => {
    const out = run([
      aDomain(),
      aResult({
        ok: false,
        error: "TLS_UNTRUSTED",
        tls: aTls({ daysToExpiry: 5, authorized: false, error: "TLS_UNTRUSTED" }),
      }),
    ]);
    expect(typesOf(out)).not.toContain("ssl.expiring");
  });
});

describe("ssl.invalid", () => {
  const invalid = aTls({ authorized: false, error: "TLS_CERT_EXPIRED", daysToExpiry: -1 });
  const seen = (t: number, region: string, tls = invalid) =>
    aResult({ t, region, ok: false, error: "TLS_CERT_EXPIRED", tls });

  it("is sent when a quorum of regions sees the same invalid certificate", () => {
    const out = run([aDomain(), seen(T0, "ams"), seen(T0 + 1_000, "iad")]);
    expect(out.filter((n) => n.type === "ssl.invalid")).toEqual([
      expect.objectContaining({
        t: T0 + 1_000,
        fingerprint256: "AA:01",
        error: "TLS_CERT_EXPIRED",
        regions: ["ams", "iad"],
      }),
    ]);
  });

  it("is recorded but not sent when only one region sees an invalid certificate", () => {
    const intercepted = aTls({
      authorized: false,
      error: "TLS_UNTRUSTED",
      fingerprint256: "EV:IL",
    });
    const out = run([
      aDomain(),
      aResult({ t: T0, region: "ams", ok: false, error: "TLS_UNTRUSTED", tls: intercepted }),
      aResult({ t: T0 + 1_000, region: "iad", tls: aTls() }),
      aResult({ t: T0 + 2_000, region: "sin", tls: aTls() }),
      aResult({ t: T0 + MIN, region: "ams", ok: false, error: "TLS_UNTRUSTED", tls: intercepted }),
    ]);
    expect(typesOf(out)).not.toContain("ssl.invalid");
  });

  it("is sent at most once a day per certificate", () => {
    const lines = [aDomain()];
    for (let h = 0; h < 30; h++) {
      lines.push(seen(T0 + h * 60 * MIN, "ams"), seen(T0 + h * 60 * MIN + 1_000, "iad"));
    }
    const sent = run(lines).filter((n) => n.type === "ssl.invalid");
    expect(sent.map((n) => n.t)).toEqual([T0 + 1_000, T0 + DAY + 1_000]);
  });
});
