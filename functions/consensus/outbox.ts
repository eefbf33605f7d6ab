import type { ConsensusDeps } from "./run";

/** Outbox jobs handed over per batch; the rest go with the next batch. */
export const RELAY_LIMIT = 5_000;

/**
 * Hands committed alert jobs to the alerts queue, then marks them sent. A crash in between
 * sends them again with the next batch: the alert consumer dedupes on the job id. Shards relay
 * side by side without sending a job twice (IncidentStore.relay skips what another relays).
 */
export async function relayOutbox(deps: ConsensusDeps): Promise<number> {
  return deps.incidents.relay(
    RELAY_LIMIT,
    (jobs) => deps.queue.send("alerts", jobs),
    deps.clock.now(),
  );
}
