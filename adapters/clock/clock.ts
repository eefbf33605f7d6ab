/** Time as a dependency: pure logic takes `now`, shells take a Clock. */
export interface Clock {
  /** ms since epoch */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests and the replay drive by hand. */
export function manualClock(
  start = 0,
): Clock & { set(t: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    set: (next) => {
      t = next;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
