import type { Clock } from "../../adapters/clock/clock";
import type { DatabaseHandle } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import type { RedisPort, StreamEntry } from "../../adapters/redis/port";
import { redisKeys } from "../../schema/redis-keys";
import { flushStriped } from "./flush";
import { publishRegionChecks } from "./fresh-status";
import { type ParsedEntries, parseEntries } from "./records";
import type { RollupDelta } from "./rollup";

/** What an ingest cycle needs, passed in. */
export interface IngestDeps {
  db: DatabaseHandle;
  redis: RedisPort;
  log: Logger;
  clock: Clock;
  /** Regions whose streams are read. */
  regions: readonly string[];
  /** Consumer group and this process's consumer name in it. */
  group: string;
  consumer: string;
  /** Entries (probe flushes) read per stream per cycle: one transaction holds them all. */
  batchSize: number;
  /**
   * Entries per XREADGROUP or XAUTOCLAIM call (default: the whole batch). A flush entry holds up
   * to 500 results, and Upstash refuses a reply over 10 MB, so the Lambda reads a few at a time.
   */
  readChunk?: number;
  /**
   * Transactions a batch is written as, side by side, each the domains of some lock stripes
   * (default 1); the database handle needs as many connections.
   */
  writers?: number;
  /** An entry pending this long (ms) belongs to a dead consumer and is claimed. */
  claimIdleMs: number;
  /** Streams are trimmed to about this many entries (flushes) after each cycle. */
  streamMaxLen: number;
  /** Stream key of a region (tests prefix it). */
  streamKey?: (region: string) => string;
  /** Key of a domain's region checks (tests prefix it). */
  regionChecksKey?: (domainId: string) => string;
  /**
   * Called after each commit with what it added to the daily roll-ups (one delta per day,
   * domain and region; replayed rows excluded), for read models such as status-page bars.
   * A failure is logged and does not undo or repeat the commit.
   */
  onDailyRollups?: (deltas: readonly RollupDelta[]) => Promise<void>;
}

/** What one cycle did. */
export interface CycleReport {
  read: number;
  claimed: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  trimmed: number;
}

/** Creates the consumer group of every stream (idempotent); call once per process. */
export async function ensureGroups(deps: IngestDeps): Promise<void> {
  for (const region of deps.regions) {
    await deps.redis.xgroupCreate(streamOf(deps, region), deps.group, "0");
  }
}

const streamOf = (deps: IngestDeps, region: string) =>
  (deps.streamKey ?? redisKeys.resultsStream)(region);

/** What one read took from the streams, parsed, not yet written. */
export interface TakenBatch {
  taken: { stream: string; entries: StreamEntry[] }[];
  read: number;
  claimed: number;
  records: ParsedEntries["records"];
  rejected: number;
}

/**
 * One cycle: claim what dead consumers left pending, read new entries of every region, write
 * them and their roll-ups in one transaction, publish each region's latest check, then XACK.
 * A crash before XACK leaves the entries pending; whoever claims them replays them, and the
 * flush's idempotency makes the replay add nothing twice.
 */
export async function ingestCycle(deps: IngestDeps): Promise<CycleReport> {
  return commitBatch(deps, await takeBatch(deps));
}

/**
 * The read half of a cycle: claim stale entries and read new ones of every region, parsed.
 * `inFlight` (stream + id) are entries of a batch still committing: this consumer's own,
 * idle only because the commit is slow; they are not taken again.
 */
export async function takeBatch(
  deps: IngestDeps,
  inFlight: ReadonlySet<string> = new Set(),
): Promise<TakenBatch> {
  const taken: TakenBatch["taken"] = [];
  let read = 0;
  let claimed = 0;
  for (const region of deps.regions) {
    const stream = streamOf(deps, region);
    const stale = (await claimStale(deps, stream)).filter((e) => !inFlight.has(stream + e.id));
    const fresh = await readNew(deps, stream);
    claimed += stale.length;
    read += fresh.length;
    if (stale.length + fresh.length > 0) taken.push({ stream, entries: [...stale, ...fresh] });
  }
  const { records, rejected } = parseEntries(taken.flatMap((t) => t.entries));
  return { taken, read, claimed, records, rejected };
}

/** The write half of a cycle: one transaction, the read models, then XACK and trim. */
export async function commitBatch(deps: IngestDeps, batch: TakenBatch): Promise<CycleReport> {
  const report: CycleReport = {
    read: batch.read,
    claimed: batch.claimed,
    inserted: 0,
    duplicates: 0,
    rejected: batch.rejected,
    trimmed: 0,
  };
  if (batch.taken.length === 0) return report;
  const { records } = batch;
  if (batch.rejected > 0)
    deps.log.warn("results refused by their schema", { count: batch.rejected });
  const flushed = await flushStriped(deps.db, records, deps.writers ?? 1);
  report.inserted = flushed.inserted;
  report.duplicates = flushed.duplicates;
  await afterCommit(deps, records, flushed.daily);
  for (const t of batch.taken) {
    await deps.redis.xack(
      t.stream,
      deps.group,
      t.entries.map((e) => e.id),
    );
    report.trimmed += await deps.redis.xtrimMaxLen(t.stream, deps.streamMaxLen);
  }
  return report;
}

/** Up to batchSize new entries of `stream`, readChunk per call, until a short read. */
async function readNew(deps: IngestDeps, stream: string): Promise<StreamEntry[]> {
  const chunk = Math.min(deps.readChunk ?? deps.batchSize, deps.batchSize);
  const out: StreamEntry[] = [];
  while (out.length < deps.batchSize) {
    const count = Math.min(chunk, deps.batchSize - out.length);
    const got = await deps.redis.xreadgroup(stream, deps.group, deps.consumer, count);
    out.push(...got);
    if (got.length < count) break;
  }
  return out;
}

async function claimStale(deps: IngestDeps, stream: string): Promise<StreamEntry[]> {
  const out: StreamEntry[] = [];
  let cursor = "0-0";
  do {
    const r = await deps.redis.xautoclaim(
      stream,
      deps.group,
      deps.consumer,
      deps.claimIdleMs,
      cursor,
      Math.min(deps.readChunk ?? deps.batchSize, deps.batchSize - out.length),
    );
    out.push(...r.entries);
    cursor = r.next;
  } while (cursor !== "0-0" && out.length < deps.batchSize);
  return out;
}

async function afterCommit(
  deps: IngestDeps,
  records: Parameters<typeof publishRegionChecks>[1],
  daily: readonly RollupDelta[],
): Promise<void> {
  // the read models are caches: a failure here must not keep committed entries pending
  try {
    await publishRegionChecks(deps.redis, records, deps.regionChecksKey);
  } catch (err) {
    deps.log.warn("region checks not published", { error: String(err) });
  }
  if (!deps.onDailyRollups || daily.length === 0) return;
  try {
    await deps.onDailyRollups(daily);
  } catch (err) {
    deps.log.warn("daily roll-up hook failed", { error: String(err) });
  }
}
