import type { OneOffSchedule, SchedulerPort } from "./port";

/**
 * One-off schedules on a virtual clock (the pipeline replay's EventBridge Scheduler): nothing
 * fires by itself; the driver asks what is due and fires it, in time then name order.
 */
export function virtualScheduler() {
  const pending = new Map<string, OneOffSchedule>();
  const port: SchedulerPort = {
    async scheduleOnce(s) {
      if (!pending.has(s.name)) pending.set(s.name, s);
    },
    async cancel(name) {
      pending.delete(name);
    },
  };
  return {
    ...port,
    /** The earliest pending time, or null. */
    nextDue(): number | null {
      let best: number | null = null;
      for (const s of pending.values()) if (best === null || s.at < best) best = s.at;
      return best;
    },
    /** Removes and returns the schedules due at `now`, in order. */
    takeDue(now: number): OneOffSchedule[] {
      const due = [...pending.values()]
        .filter((s) => s.at <= now)
        .sort((a, b) => a.at - b.at || (a.name < b.name ? -1 : 1));
      for (const s of due) pending.delete(s.name);
      return due;
    },
    size: () => pending.size,
  };
}
export type VirtualScheduler = ReturnType<typeof virtualScheduler>;
