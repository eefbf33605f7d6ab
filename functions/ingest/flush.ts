import { sql } from "drizzle-orm";
import { bulkTable } from "../../adapters/db/bulk-table";
import { affected } from "../../adapters/db/bulk-unnest";
import { pgArray } from "../../adapters/db/pg-array";
import type { DatabaseHandle, TransactionHandle } from "../../adapters/db/types";
import { probeResults } from "../../schema/timeseries/probe-results";
import { recordCertificates } from "./certificates";
import { type IngestRecord, recordKey } from "./records";
import { allRegionsDeltas, type RollupDelta, rollupDeltas } from "./rollup";
import { upsertRollups } from "./rollup-upsert";

/** What one committed flush wrote. */
export interface FlushResult {
  /** Results new to the database (a replayed result is not counted again). */
  inserted: number;
  /** Results already present: a batch replayed after a crash before XACK. */
  duplicates: number;
  /** Per day, domain and region: what this flush added to the daily roll-ups. */
  daily: RollupDelta[];
  certificates: number;
}

const STAGE = "dp_ingest_stage";
const resultsTable = bulkTable(probeResults);
const stageTable = { ...resultsTable, name: STAGE };

/**
 * Writes a batch of results and their roll-ups in one transaction. The rows go straight in (COPY
 * on PostgreSQL, unnest elsewhere); when some were already there (a replay), that is undone to a
 * savepoint, the batch is staged, the present rows taken out of the stage and the rest inserted,
 * so the roll-ups add exactly the rows this transaction inserted.
 */
export async function flushBatch(
  db: DatabaseHandle,
  records: readonly IngestRecord[],
): Promise<FlushResult> {
  if (records.length === 0) return { inserted: 0, duplicates: 0, daily: [], certificates: 0 };
  // a deadlock or serialization failure undid the whole transaction: run it again
  for (let attempt = 1; ; attempt++) {
    try {
      return await flushOnce(db, records);
    } catch (err) {
      if (attempt >= ATTEMPTS || !TRANSIENT.has(pgCode(err) ?? "")) throw err;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * attempt));
    }
  }
}

const ATTEMPTS = 3;
/** Advisory lock key of the all-regions roll-up writes ("dp_all" in ASCII), plus the stripe. */
const ALL_REGIONS_LOCK = 0x64705f616c6c;
/** deadlock_detected, serialization_failure, and another consumer committing the same rows */
const TRANSIENT = new Set(["40P01", "40001", "INGEST_RACE"]);

/**
 * Lock stripes of the all-regions roll-ups: a domain's rows belong to stripe `stripeOf(id)`.
 * Writers that split a batch by stripe never wait for each other; consumers whose batches share
 * stripes take their locks in ascending order, so they wait in turn and never deadlock.
 */
export const STRIPES = 16;

/** The stripe of a domain (its id is a validated UUID: the last hex digit). */
export const stripeOf = (domainId: string): number =>
  Number.parseInt(domainId.charAt(domainId.length - 1), 16) % STRIPES;

/**
 * Writes a batch as `writers` transactions side by side, each the domains of some stripes, so
 * PostgreSQL works on several cores. Their rows and roll-ups never overlap; each transaction is
 * idempotent on its own, so when one fails after another committed, the replay of the batch
 * adds only what is missing. Each part keeps the records' order (parseEntries gives the
 * primary key's, which PostgreSQL inserts fastest).
 */
export async function flushStriped(
  db: DatabaseHandle,
  records: readonly IngestRecord[],
  writers: number,
): Promise<FlushResult> {
  const parts = Array.from({ length: Math.max(1, writers) }, (): IngestRecord[] => []);
  for (const r of records) parts[stripeOf(r.domainId) % parts.length]!.push(r);
  const done = await Promise.allSettled(parts.map((p) => flushBatch(db, p)));
  const out: FlushResult = { inserted: 0, duplicates: 0, daily: [], certificates: 0 };
  for (const d of done) {
    if (d.status === "rejected") throw d.reason;
    out.inserted += d.value.inserted;
    out.duplicates += d.value.duplicates;
    out.daily.push(...d.value.daily);
    out.certificates += d.value.certificates;
  }
  return out;
}

/** The stripes of a batch's domains, ascending: the advisory locks its transaction takes. */
function stripesOf(records: readonly IngestRecord[]): number[] {
  const seen = new Set<number>();
  let last: IngestRecord["series"] | undefined;
  for (const r of records) {
    if (r.series === last) continue; // a series' records are consecutive (key order)
    last = r.series;
    seen.add(stripeOf(r.domainId));
  }
  return [...seen].sort((a, b) => a - b).map((s) => ALL_REGIONS_LOCK + s);
}

function flushOnce(db: DatabaseHandle, records: readonly IngestRecord[]): Promise<FlushResult> {
  return db.transaction(async (tx) => {
    const fresh = await insertNew(tx, records);
    const deltas = rollupDeltas(fresh);
    await upsertRollups(tx.db, "hour", deltas.hour);
    const daily = deltas.day;
    await upsertRollups(tx.db, "day", daily);
    // consumers of different regions share a domain's all-regions day: they take this part
    // in turn (to commit, it is last), stripe by stripe in ascending order, where their
    // updates would otherwise lock the same rows in their joins' orders and deadlock
    await tx.db.execute(
      sql`SELECT pg_advisory_xact_lock(k) FROM unnest(${sql.param(pgArray(stripesOf(records)))}::bigint[]) AS k`,
    );
    await upsertRollups(tx.db, "dayAllRegions", allRegionsDeltas(daily));
    const certificates = await recordCertificates(tx.db, records);
    return {
      inserted: fresh.length,
      duplicates: records.length - fresh.length,
      daily,
      certificates,
    };
  });
}

/** The SQLSTATE of a driver error, or of the error a query wrapper put in `cause`. */
const pgCode = (err: unknown): string | undefined => {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.cause?.code ?? e?.code;
};

const isUniqueViolation = (err: unknown): boolean => pgCode(err) === "23505";

/**
 * Inserts the rows not yet present and returns them. Fast path: straight into probe_results
 * (COPY on PostgreSQL); a duplicate key (a replay) undoes that to a savepoint and takes the
 * staged path, which finds the present rows first.
 */
async function insertNew(
  tx: TransactionHandle,
  records: readonly IngestRecord[],
): Promise<readonly IngestRecord[]> {
  await tx.db.execute(sql`SAVEPOINT dp_ingest`);
  try {
    await tx.bulkInsert(resultsTable, records);
    return records;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await tx.db.execute(sql`ROLLBACK TO SAVEPOINT dp_ingest`);
  }
  await tx.db.execute(
    sql.raw(`CREATE TEMP TABLE ${STAGE} (LIKE probe_results INCLUDING DEFAULTS) ON COMMIT DROP`),
  );
  await tx.bulkInsert(stageTable, records);
  const present = await tx.db.execute(
    sql.raw(`DELETE FROM ${STAGE} s USING probe_results p
      WHERE p.domain_id = s.domain_id AND p.region = s.region AND p.ts = s.ts
      RETURNING s.domain_id, s.region, s.ts`),
  );
  const gone = new Set(
    (
      present as unknown as { rows: { domain_id: string; region: string; ts: string | Date }[] }
    ).rows.map((r) => recordKey({ domainId: r.domain_id, region: r.region, ts: new Date(r.ts) })),
  );
  const fresh = records.filter((r) => !gone.has(recordKey(r)));
  const n =
    affected(
      await tx.db.execute(
        sql.raw(`INSERT INTO probe_results SELECT * FROM ${STAGE} ON CONFLICT DO NOTHING`),
      ),
    ) ?? 0;
  if (n !== fresh.length) {
    // another consumer committed some of these rows between our two statements: fail the
    // batch, it stays pending and the next attempt sees their rows as present
    throw Object.assign(new Error(`concurrent ingest of ${fresh.length - n} rows`), {
      code: "INGEST_RACE",
    });
  }
  return fresh;
}
