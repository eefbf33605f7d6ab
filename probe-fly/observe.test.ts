import { describe, expect, it } from "vitest";
import { Observation } from "../schema/wire";
import { isNews, observedTls, remember, toObservation } from "./observe";
import { aResult, aTlsInfo } from "./testing/builders";

const down = aResult({ ok: false, error: { code: "TIMEOUT", message: "t" }, httpStatus: null });

describe("isNews", () => {
  // 12 hours off the certificate's expiry hour, so a quarter day later is still the same day count
  const at = Date.parse("2026-11-24T22:00:00.000Z");
  const DAY = 86_400_000;

  it("reports every failure, repeated ones included", () => {
    expect(isNews(undefined, down, false, at)).toBe(true);
    expect(isNews(remember(down, at), down, false, at)).toBe(true);
  });

  it("reports a domain's first result, the first pass after a failure, then goes quiet", () => {
    expect(isNews(undefined, aResult(), false, at)).toBe(true);
    expect(isNews(remember(down, at), aResult(), false, at)).toBe(true);
    expect(isNews(remember(aResult(), at), aResult(), false, at + 60_000)).toBe(false);
  });

  it("reports every confirm recheck, passing ones included", () => {
    expect(isNews(remember(aResult(), at), aResult(), true, at)).toBe(true);
  });

  it("reports a changed certificate on a passing result", () => {
    const before = aResult({ tls: aTlsInfo({ fingerprint256: "AA" }) });
    const after = aResult({ tls: aTlsInfo({ fingerprint256: "BB" }) });
    expect(isNews(remember(before, at), after, false, at)).toBe(true);
    expect(isNews(remember(before, at), before, false, at)).toBe(false);
  });

  it("reports the same certificate once more each day nearer its expiry, so thresholds are seen", () => {
    const r = aResult({ tls: aTlsInfo({ fingerprint256: "AA" }) });
    const seen = remember(r, at);
    expect(isNews(seen, r, false, at + DAY / 4)).toBe(false);
    expect(isNews(seen, r, false, at + DAY)).toBe(true);
  });
});

describe("toObservation", () => {
  it("builds a valid Observation with completion time, latency and confirm flag", () => {
    const completedAt = Date.parse("2026-11-24T10:00:00.012Z");
    const o = toObservation(down, { domainId: "d1", configVersion: 7, confirm: true, completedAt });
    expect(Observation.parse(o)).toEqual({
      domainId: "d1",
      region: "ams",
      t: completedAt,
      ok: false,
      error: "TIMEOUT",
      latencyMs: 12,
      tls: null,
      confirm: true,
      configVersion: 7,
    });
  });

  it("counts days to the earliest expiry in the chain and carries a TLS error code", () => {
    const now = Date.parse("2026-11-24T10:00:00Z");
    const r = aResult({
      ok: false,
      error: { code: "TLS_UNTRUSTED", message: "x" },
      tls: aTlsInfo({ authorized: false, earliestValidTo: "2026-11-29T11:00:00.000Z" }),
    });
    expect(observedTls(r, now)).toEqual({
      daysToExpiry: 5,
      fingerprint256: "AA:BB",
      authorized: false,
      error: "TLS_UNTRUSTED",
    });
  });

  it("marks a certificate for another host as not authorized with no TLS error on a non-TLS failure", () => {
    const r = aResult({
      ok: false,
      error: { code: "HTTP_STATUS", message: "500" },
      tls: aTlsInfo({ hostnameMatches: false }),
    });
    expect(observedTls(r, Date.parse("2026-11-24T10:00:00Z"))).toMatchObject({
      authorized: false,
      error: null,
    });
  });
});
