/** A one-off schedule: deliver `payload` to the target once, at `at` (ms since epoch). */
export interface OneOffSchedule {
  /** Unique name; creating a schedule whose name exists is a no-op (idempotent). */
  name: string;
  at: number;
  payload: unknown;
}

/** One-off schedules (digests, engine wake-ups): EventBridge Scheduler or in-process timers. */
export interface SchedulerPort {
  scheduleOnce(s: OneOffSchedule): Promise<void>;
  /** Removes a pending schedule; an unknown name is not an error. */
  cancel(name: string): Promise<void>;
}

/** A schedule name EventBridge accepts ([0-9A-Za-z-_.], at most 64 characters). */
export function scheduleName(...parts: (string | number)[]): string {
  const name = parts.join("-").replace(/[^0-9A-Za-z_.-]/g, "_");
  if (name.length > 64) throw new Error(`schedule name "${name}" is longer than 64 characters`);
  return name;
}
