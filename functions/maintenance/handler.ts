import type { MaintenanceDeps, MaintenanceTask } from "./tasks";

/** How one task of a tick went. */
export type TaskOutcome =
  | { task: string; ok: true; ms: number; result: Record<string, unknown> }
  | { task: string; ok: false; ms: number; error: string };

/** One tick's report: every task's outcome, in order. */
export interface TickReport {
  ok: boolean;
  tasks: TaskOutcome[];
}

/** Thrown after a tick in which some task failed, so the scheduled invocation counts as failed. */
export class MaintenanceError extends Error {
  readonly code = "MAINTENANCE_FAILED";
  constructor(readonly report: TickReport) {
    const failed = report.tasks.filter((t) => !t.ok).map((t) => t.task);
    super(`maintenance tasks failed: ${failed.join(", ")}`);
    this.name = "MaintenanceError";
  }
}

/** Runs every task once, in order; a failing task is logged and never skips the others. */
export async function runTick(
  deps: MaintenanceDeps,
  tasks: readonly MaintenanceTask[],
): Promise<TickReport> {
  const outcomes: TaskOutcome[] = [];
  for (const t of tasks) {
    const started = deps.clock.now();
    try {
      const result = await t.run(deps);
      const ms = deps.clock.now() - started;
      deps.log.info("maintenance task done", { task: t.name, ms, ...result });
      outcomes.push({ task: t.name, ok: true, ms, result });
    } catch (err) {
      const ms = deps.clock.now() - started;
      const error = err instanceof Error ? err.message : String(err);
      deps.log.error("maintenance task failed", { task: t.name, ms, error });
      outcomes.push({ task: t.name, ok: false, ms, error });
    }
  }
  return { ok: outcomes.every((o) => o.ok), tasks: outcomes };
}

/**
 * The scheduled (cron) entry's body: build the deps once, run the tick, and fail the
 * invocation when a task failed (after all have run) so it shows in the error metrics.
 */
export function maintenanceHandler(
  deps: () => Promise<MaintenanceDeps>,
  tasks: readonly MaintenanceTask[],
) {
  return async (): Promise<TickReport> => {
    const report = await runTick(await deps(), tasks);
    if (!report.ok) throw new MaintenanceError(report);
    return report;
  };
}
