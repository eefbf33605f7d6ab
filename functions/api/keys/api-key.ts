import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const KEY_RE = /^(dp_live_[a-z0-9]{10})_([A-Za-z0-9_-]{32})$/;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A freshly generated key: the secret to show once, and what is stored. */
export interface GeneratedKey {
  key: string;
  prefix: string;
  hash: string;
}

/** SHA-256 of a whole key, hex: what the database keeps. */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * `dp_live_<10 lowercase>_<32 base64url>`: a readable prefix for lookup (about 51 bits, not
 * secret) and 192 random bits of secret.
 */
export function generateKey(): GeneratedKey {
  const idBytes = randomBytes(10);
  const id = [...idBytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  const prefix = `dp_live_${id}`;
  const key = `${prefix}_${randomBytes(24).toString("base64url")}`;
  return { key, prefix, hash: hashKey(key) };
}

/** The prefix of a well-formed key, or null: a malformed key is refused before any query. */
export function keyPrefix(key: string): string | null {
  return KEY_RE.exec(key)?.[1] ?? null;
}

/** Compares a presented key with a stored hash in constant time. */
export function keyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(key), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
