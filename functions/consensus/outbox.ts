import type { ConsensusDeps } from "./run";

/** Outbox jobs handed over per batch; the rest go with the next batch. */
export const RELAY_LIMIT = 5_000;

/**
 * Hands committed alert jobs to the alerts queue, then marks them sent. A crash in between
 * sends them again with the next batch: the alert consumer dedupes on the job id.
 */
export async function relayOutbox(deps: ConsensusDeps): Promise<number> {
  const jobs = await deps.incidents.unsent(RELAY_LIMIT);
  if (jobs.length === 0) return 0;
  await deps.queue.send("alerts", jobs);
  await deps.incidents.markSent(
    jobs.map((j) => j.id),
    deps.clock.now(),
  );
  return jobs.length;
}
