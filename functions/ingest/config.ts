import { z } from "zod";
import { parseEnv } from "../../adapters/config/env";
import { type RedisTarget, redisEnv, redisTarget } from "../../adapters/redis/target";

const regionList = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/)).min(1));

const schema = z.object({
  TIMESERIES_DATABASE_URL: z.string().min(1),
  ...redisEnv,
  /** The probe regions whose results streams are read, e.g. "ams,iad,sin". */
  INGEST_REGIONS: regionList,
  INGEST_GROUP: z.string().min(1).default("ingest"),
  /** Entries read per region per cycle; an entry is one probe flush, up to 500 results. */
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(200),
  /**
   * Entries per XREADGROUP / XAUTOCLAIM call. Upstash refuses a request or reply over 10 MB; an
   * entry of 500 results with certificate details is up to ~1 MB, so 5 stays well under.
   */
  INGEST_READ_CHUNK: z.coerce.number().int().min(1).max(1_000).default(5),
  /**
   * Transactions a batch is written as, side by side (split by domain), so the database works
   * on several cores; each holds a connection.
   */
  INGEST_WRITERS: z.coerce.number().int().min(1).max(16).default(2),
  INGEST_CLAIM_IDLE_MS: z.coerce.number().int().min(1_000).default(120_000),
  /** Entries (probe flushes) a stream is trimmed to. */
  INGEST_STREAM_MAX_LEN: z.coerce.number().int().min(1_000).default(20_000),
  /** Stop starting cycles after this long (ms), inside the Lambda timeout. */
  INGEST_BUDGET_MS: z.coerce.number().int().min(1_000).default(45_000),
});

/** Ingest settings, parsed once per cold start. */
export type IngestConfig = Readonly<{
  timeseriesDatabaseUrl: string;
  redis: RedisTarget;
  regions: string[];
  group: string;
  batchSize: number;
  readChunk: number;
  writers: number;
  claimIdleMs: number;
  streamMaxLen: number;
  budgetMs: number;
}>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const c = parseEnv(schema, env);
  return Object.freeze({
    timeseriesDatabaseUrl: c.TIMESERIES_DATABASE_URL,
    redis: redisTarget(c),
    regions: c.INGEST_REGIONS,
    group: c.INGEST_GROUP,
    batchSize: c.INGEST_BATCH_SIZE,
    readChunk: c.INGEST_READ_CHUNK,
    writers: c.INGEST_WRITERS,
    claimIdleMs: c.INGEST_CLAIM_IDLE_MS,
    streamMaxLen: c.INGEST_STREAM_MAX_LEN,
    budgetMs: c.INGEST_BUDGET_MS,
  });
}
