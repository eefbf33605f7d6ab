import { describe, expect, it } from "vitest";
import {
  expiringThreshold,
  initialSsl,
  invalidByQuorum,
  invalidDue,
  markExpiring,
  markInvalid,
} from "./ssl";
import type { TlsFacts } from "./types";

const aTls = (over: Partial<TlsFacts> = {}): TlsFacts => ({
  daysToExpiry: 20,
  fingerprint256: "AA",
  authorized: true,
  error: null,
  ...over,
});
const warn = [30, 14, 7, 3, 1];

describe("ssl rules", () => {
  it("finds the tightest newly crossed threshold and nothing once it is marked", () => {
    const ssl = initialSsl();
    const due = expiringThreshold(ssl, aTls({ daysToExpiry: 10 }), warn)!;
    expect(due).toEqual({ threshold: 14, crossed: [30, 14] });
    markExpiring(ssl, "AA", due.crossed);
    expect(expiringThreshold(ssl, aTls({ daysToExpiry: 9 }), warn)).toBeNull();
    expect(expiringThreshold(ssl, aTls({ daysToExpiry: 6.5 }), warn)?.threshold).toBe(7);
  });

  it("ignores an invalid certificate for expiry warnings", () => {
    expect(
      expiringThreshold(initialSsl(), aTls({ daysToExpiry: 2, authorized: false }), warn),
    ).toBeNull();
  });

  it("groups invalid certificates by fingerprint and needs a quorum of regions", () => {
    const bad = aTls({ authorized: false, error: "TLS_UNTRUSTED" });
    const seen = [
      { region: "ams", tls: bad, streak: 1 },
      { region: "iad", tls: { ...bad, fingerprint256: "BB" }, streak: 1 },
      { region: "sin", tls: bad, streak: 1 },
    ];
    expect(invalidByQuorum(seen, 2)).toEqual([
      { fingerprint256: "AA", regions: ["ams", "sin"], error: "TLS_UNTRUSTED" },
    ]);
    expect(invalidByQuorum(seen, 3)).toEqual([]);
  });

  it("lets ssl.invalid repeat only after a day", () => {
    const ssl = initialSsl();
    markInvalid(ssl, "AA", 0);
    expect(invalidDue(ssl, "AA", 1000, 86_400_000)).toBe(false);
    expect(invalidDue(ssl, "AA", 86_400_000, 86_400_000)).toBe(true);
    expect(invalidDue(ssl, "BB", 1000, 86_400_000)).toBe(true);
  });
});
