import type { ProbeResult, TlsInfo } from "../../schema/wire";

/** A passing ProbeResult; override what the test is about. */
export function aResult(over: Partial<ProbeResult> = {}): ProbeResult {
  return {
    url: "https://a.example/",
    region: "ams",
    ok: true,
    checkedAt: "2026-11-24T10:00:00.000Z",
    error: null,
    httpStatus: 200,
    timings: { dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 4, totalMs: 12 },
    tls: null,
    ...over,
  };
}

/** TLS facts of a trusted certificate valid for 80 more days from 2026-11-24. */
export function aTlsInfo(over: Partial<TlsInfo> = {}): TlsInfo {
  return {
    authorized: true,
    authorizationError: null,
    hostnameMatches: true,
    protocol: "TLSv1.3",
    subject: "CN=a.example",
    issuer: "CN=Inter",
    altNames: ["a.example"],
    validFrom: "2026-11-01T00:00:00.000Z",
    validTo: "2027-02-12T10:00:00.000Z",
    daysToExpiry: 80,
    fingerprint256: "AA:BB",
    chain: [],
    earliestValidTo: "2027-02-12T10:00:00.000Z",
    ...over,
  };
}
