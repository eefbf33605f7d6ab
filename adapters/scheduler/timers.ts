import { type Clock, systemClock } from "../clock/clock";
import type { SchedulerPort } from "./port";

const MAX_DELAY = 2 ** 31 - 1; // setTimeout's limit, ms

/**
 * In-process one-off schedules for one machine: a timer per name that calls `onFire` with the
 * payload. Pending schedules are lost on restart, which the engine tolerates (it catches up
 * on the next observation).
 */
export function timerScheduler(o: {
  onFire: (payload: unknown) => unknown;
  clock?: Clock;
  onError?: (err: unknown) => void;
}) {
  const clock = o.clock ?? systemClock;
  const timers = new Map<string, NodeJS.Timeout>();
  const arm = (name: string, at: number, payload: unknown) => {
    const delay = Math.max(0, at - clock.now());
    const timer = setTimeout(
      () => {
        if (delay > MAX_DELAY) return arm(name, at, payload);
        timers.delete(name);
        Promise.resolve()
          .then(() => o.onFire(payload))
          .catch((err) => o.onError?.(err));
      },
      Math.min(delay, MAX_DELAY),
    );
    timer.unref?.();
    timers.set(name, timer);
  };
  const port: SchedulerPort = {
    async scheduleOnce(s) {
      if (!timers.has(s.name)) arm(s.name, s.at, s.payload);
    },
    async cancel(name) {
      clearTimeout(timers.get(name));
      timers.delete(name);
    },
  };
  return {
    ...port,
    /** Names still waiting to fire. */
    pending: () => [...timers.keys()].sort(),
    /** Drops every pending timer. */
    stop() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
export type TimerScheduler = ReturnType<typeof timerScheduler>;
