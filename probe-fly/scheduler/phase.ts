/** FNV-1a, 32-bit: a stable, well-spread hash that needs no crypto and no allocation. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Where in its interval a (domain, region) pair is checked, in ms. Stable across restarts
 * (a restart does not bunch checks) and different per region (regions spread their load).
 */
export function phaseOffsetMs(domainId: string, region: string, intervalMs: number): number {
  return fnv1a(`${domainId}\u0000${region}`) % intervalMs;
}

/**
 * The first slot strictly after `now` on the domain's grid: t ≡ offset (mod interval),
 * anchored at the epoch so that every process computes the same grid.
 */
export function nextSlot(now: number, intervalMs: number, offsetMs: number): number {
  const base = now - offsetMs;
  return base - (((base % intervalMs) + intervalMs) % intervalMs) + intervalMs + offsetMs;
}

/** Jitter for one occurrence: up to 1% of the interval, at most `capMs`; `random` in [0, 1). */
export function jitterMs(intervalMs: number, random: number, capMs = 250): number {
  return Math.floor(random * Math.min(capMs, intervalMs * 0.01));
}
