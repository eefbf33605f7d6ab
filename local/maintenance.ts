import type { Logger } from "../adapters/log/logger";
import { runTick } from "../functions/maintenance/handler";
import type { MaintenanceDeps, MaintenanceTask } from "../functions/maintenance/tasks";

/**
 * Runs the maintenance tick on a timer, as the production cron does (every minute by
 * default); a tick still running when the next is due is not overlapped.
 */
export function startMaintenanceTicks(opts: {
  deps: MaintenanceDeps;
  tasks: readonly MaintenanceTask[];
  everyMs: number;
  log: Logger;
}): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runTick(opts.deps, opts.tasks)
      .catch((err) => opts.log.warn("maintenance tick failed", { error: String(err) }))
      .finally(() => {
        running = false;
      });
  }, opts.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
