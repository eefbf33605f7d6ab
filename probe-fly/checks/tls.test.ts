import { describe, expect, it } from "vitest";
import type { TlsInfo } from "../../schema/wire";
import { aTlsInfo } from "../testing/builders";
import { mapAuthorizationError, parseAltNames, tlsVerdict } from "./tls";

const NOW = Date.parse("2026-11-24T10:00:00Z");
const day = (d: number) => new Date(NOW + d * 86_400_000).toISOString();

/** The shared leaf certificate, served with its intermediate. */
const aTls = (over: Partial<TlsInfo> = {}): TlsInfo =>
  aTlsInfo({
    chain: [
      { subject: "CN=a.example", issuer: "CN=Inter", validTo: day(80) },
      { subject: "CN=Inter", issuer: "CN=Root", validTo: day(400) },
    ],
    ...over,
  });

describe("mapAuthorizationError", () => {
  it.each([
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "TLS_SELF_SIGNED"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "TLS_SELF_SIGNED"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "TLS_UNTRUSTED"],
    ["UNABLE_TO_GET_ISSUER_CERT", "TLS_UNTRUSTED"],
    ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "TLS_UNTRUSTED"],
    ["CERT_HAS_EXPIRED", "TLS_CERT_EXPIRED"],
    ["CERT_NOT_YET_VALID", "TLS_CERT_NOT_YET_VALID"],
    ["CERT_REVOKED", "TLS_UNTRUSTED"],
  ])("maps %s to %s", (node, code) => {
    expect(mapAuthorizationError(node)).toBe(code);
  });
});

describe("tlsVerdict", () => {
  it("passes a trusted certificate that matches, even one day from expiry", () => {
    expect(tlsVerdict(aTls(), NOW)).toBeNull();
    expect(tlsVerdict(aTls({ validTo: day(1), daysToExpiry: 1 }), NOW)).toBeNull();
  });

  it("fails a trusted chain whose name does not match", () => {
    expect(tlsVerdict(aTls({ hostnameMatches: false }), NOW)).toBe("TLS_HOSTNAME_MISMATCH");
  });

  it("puts an expired served intermediate ahead of the chain's other complaint", () => {
    const chain = [aTls().chain[0]!, { subject: "CN=Inter", issuer: "CN=Root", validTo: day(-1) }];
    const info = aTls({
      authorized: false,
      authorizationError: "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
      chain,
    });
    expect(tlsVerdict(info, NOW)).toBe("TLS_CERT_EXPIRED");
  });

  it("ignores an expired self-issued root that the server happens to send", () => {
    const chain = [...aTls().chain, { subject: "CN=Root", issuer: "CN=Root", validTo: day(-5) }];
    const info = aTls({ authorized: false, authorizationError: "CERT_REVOKED", chain });
    expect(tlsVerdict(info, NOW)).toBe("TLS_UNTRUSTED");
  });

  it("puts the chain's verdict ahead of a hostname mismatch", () => {
    const info = aTls({
      authorized: false,
      authorizationError: "DEPTH_ZERO_SELF_SIGNED_CERT",
      hostnameMatches: false,
    });
    expect(tlsVerdict(info, NOW)).toBe("TLS_SELF_SIGNED");
  });

  it("fails a leaf that is not valid yet", () => {
    const info = aTls({
      authorized: false,
      authorizationError: "CERT_NOT_YET_VALID",
      validFrom: day(2),
    });
    expect(tlsVerdict(info, NOW)).toBe("TLS_CERT_NOT_YET_VALID");
  });
});

describe("parseAltNames", () => {
  it("keeps DNS names and IP addresses without their prefixes", () => {
    expect(parseAltNames("DNS:a.example, DNS:*.a.example, IP Address:127.0.0.1")).toEqual([
      "a.example",
      "*.a.example",
      "127.0.0.1",
    ]);
    expect(parseAltNames(undefined)).toEqual([]);
  });

  it("writes an IPv6 address the short way", () => {
    expect(parseAltNames("DNS:localhost, IP Address:0:0:0:0:0:0:0:1")).toEqual([
      "localhost",
      "::1",
    ]);
  });
});
