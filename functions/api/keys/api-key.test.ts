import { describe, expect, it } from "vitest";
import { generateKey, hashKey, keyMatches, keyPrefix } from "./api-key";

describe("API keys", () => {
  it("look like dp_live_<prefix>_<secret> with a unique prefix and at least 128 secret bits", () => {
    const keys = Array.from({ length: 200 }, () => generateKey());
    for (const k of keys) {
      expect(k.key).toMatch(/^dp_live_[a-z0-9]{10}_[A-Za-z0-9_-]{32}$/);
      expect(k.key.startsWith(`${k.prefix}_`)).toBe(true);
      // 32 base64url characters carry 192 bits
      expect(Buffer.from(k.key.slice(k.prefix.length + 1), "base64url")).toHaveLength(24);
    }
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(keys.length);
  });

  it("store only a SHA-256 hash, never the key", () => {
    const k = generateKey();
    expect(k.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(k.hash).toBe(hashKey(k.key));
    expect(k.hash).not.toContain(k.key.slice(-8));
  });

  it("match only the exact key", () => {
    const k = generateKey();
    expect(keyMatches(k.key, k.hash)).toBe(true);
    // change the last character to another one (a key may end in "x" already)
    const last = k.key.at(-1) === "x" ? "y" : "x";
    expect(keyMatches(`${k.key.slice(0, -1)}${last}`, k.hash)).toBe(false);
    expect(keyMatches(k.key, "not-a-hash")).toBe(false);
  });

  it("find the prefix of a well-formed key and refuse anything else before a lookup", () => {
    const k = generateKey();
    expect(keyPrefix(k.key)).toBe(k.prefix);
    expect(keyPrefix(k.prefix)).toBeNull();
    expect(keyPrefix(`${k.key}x`)).toBeNull();
    expect(keyPrefix("Bearer")).toBeNull();
  });
});
