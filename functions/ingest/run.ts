import {
  type CycleReport,
  commitBatch,
  ensureGroups,
  type IngestDeps,
  ingestCycle,
  type TakenBatch,
  takeBatch,
} from "./cycle";

/** Totals of several cycles. */
export type RunReport = CycleReport & { cycles: number };

const add = (a: RunReport, b: CycleReport): RunReport => ({
  cycles: a.cycles + 1,
  read: a.read + b.read,
  claimed: a.claimed + b.claimed,
  inserted: a.inserted + b.inserted,
  duplicates: a.duplicates + b.duplicates,
  rejected: a.rejected + b.rejected,
  trimmed: a.trimmed + b.trimmed,
});

const zero = (): RunReport => ({
  cycles: 0,
  read: 0,
  claimed: 0,
  inserted: 0,
  duplicates: 0,
  rejected: 0,
  trimmed: 0,
});

/**
 * The scheduled entry's work: cycles until the streams are drained (a cycle took less than a
 * full batch) or the time budget is spent, so one invocation a minute keeps up with bursts.
 * After a full read, the next one is read and parsed while this one commits, so the process
 * works while PostgreSQL does; the next batch is only written after this one's XACK, and if a
 * commit fails the batch read beside it stays pending, to be claimed like a crashed run's. The
 * read-ahead leaves alone the committing batch's entries, which look stale to XAUTOCLAIM when
 * the commit is slower than claimIdleMs.
 */
export async function drainStreams(deps: IngestDeps, budgetMs: number): Promise<RunReport> {
  const end = deps.clock.now() + budgetMs;
  await ensureGroups(deps);
  let total = zero();
  if (deps.clock.now() >= end) return total;
  let next: Promise<TakenBatch> | null = takeBatch(deps);
  while (next) {
    const batch: TakenBatch = await next;
    const full = batch.read + batch.claimed >= deps.batchSize;
    next = full && deps.clock.now() < end ? takeBatch(deps, entryKeys(batch)) : null;
    try {
      total = add(total, await commitBatch(deps, batch));
    } catch (err) {
      await next?.catch(() => undefined);
      throw err;
    }
  }
  return total;
}

/** The stream + id of every entry of a batch. */
const entryKeys = (batch: TakenBatch) =>
  new Set(batch.taken.flatMap((t) => t.entries.map((e) => t.stream + e.id)));

/** A continuous ingest (the local stack): a cycle, then a short pause when there was little. */
export function startIngestLoop(deps: IngestDeps, opts: { idleMs: number }) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const running = (async () => {
    await ensureGroups(deps);
    while (!stopped) {
      let full = false;
      try {
        const r = await ingestCycle(deps);
        full = r.read + r.claimed >= deps.batchSize;
      } catch (err) {
        // entries stay pending and are claimed again after claimIdleMs
        deps.log.error("ingest cycle failed", { error: String(err) });
      }
      if (full || stopped) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, opts.idleMs);
      });
    }
  })();
  return {
    /** Finishes the cycle in progress, then stops. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await running;
    },
  };
}
