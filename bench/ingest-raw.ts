/**
 * bench:ingest-raw — 200k probe results through the bulk helper (COPY on PostgreSQL, unnest on
 * PGlite) beside Drizzle's row-by-row insert and Drizzle's multi-row builder, in the same run.
 */
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { bulkTable, type DatabaseHandle, migrateDatabase, openDatabase } from "../adapters/db";
import { type NewProbeResultRow, probeResults } from "../schema/timeseries";

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const ROW_BY_ROW_SAMPLE = Number(process.env.BENCH_ROW_SAMPLE ?? 3_000);
const BUILDER_BATCH = 1_000;
const pgUrl =
  process.env.TIMESERIES_DATABASE_URL ||
  process.env.DATABASE_URL ||
  "postgres://postgres@127.0.0.1:5432/postgres";

function makeRows(n: number, dayStart: number): NewProbeResultRow[] {
  const domains = Array.from({ length: 1000 }, () => randomUUID());
  const regions = ["ams", "iad", "sin"];
  const rows: NewProbeResultRow[] = [];
  for (let i = 0; i < n; i++) {
    const ok = i % 17 !== 0;
    rows.push({
      ts: new Date(dayStart + Math.floor(i / 3000) * 1000 + (i % 3000)),
      domainId: domains[i % 1000]!,
      region: regions[Math.floor(i / 1000) % 3]!,
      ok,
      errorCode: ok ? null : "TIMEOUT",
      httpStatus: ok ? 200 : null,
      dnsMs: 1.2,
      connectMs: 3.4,
      tlsMs: 8.9,
      ttfbMs: 20.5,
      totalMs: 35.1,
      tlsDaysToExpiry: 40,
    });
  }
  return rows;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

async function measure(handle: DatabaseHandle, dayStart: number) {
  const table = bulkTable(probeResults);
  const rows = makeRows(ROWS, dayStart);
  const bulkS = await timed(() => handle.bulkInsert(table, rows));
  const sample = makeRows(ROW_BY_ROW_SAMPLE, dayStart + 3_600_000);
  const rowS = await timed(async () => {
    for (const r of sample) await handle.db.insert(probeResults).values(r);
  });
  const builderRows = makeRows(Math.min(ROWS, 50_000), dayStart + 7_200_000);
  const builderS = await timed(async () => {
    for (let i = 0; i < builderRows.length; i += BUILDER_BATCH) {
      await handle.db.insert(probeResults).values(builderRows.slice(i, i + BUILDER_BATCH));
    }
  });
  return {
    bulk: ROWS / bulkS,
    rowByRow: sample.length / rowS,
    builder: builderRows.length / builderS,
  };
}

async function withScratchPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `dp_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    return await fn(u.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;

const pglite = await openDatabase("");
await migrateDatabase(pglite, "timeseries");
const lite = await measure(pglite, today);
await pglite.close();

const post = await withScratchPostgres(async (url) => {
  const handle = await openDatabase(url);
  await migrateDatabase(handle, "timeseries");
  try {
    return await measure(handle, today);
  } finally {
    await handle.close();
  }
});

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
console.log(
  `\ningest-raw: ${ROWS.toLocaleString("en-US")} probe results (row-by-row timed on ${ROW_BY_ROW_SAMPLE} rows, builder on 50k)\n`,
);
console.log("target       bulk rows/s   row-by-row rows/s   builder rows/s   bulk ÷ row-by-row");
for (const [name, m] of [
  ["PostgreSQL", post],
  ["PGlite", lite],
] as const) {
  console.log(
    `${name.padEnd(10)} ${fmt(m.bulk)} ${fmt(m.rowByRow)}        ${fmt(m.builder)}     ${(m.bulk / m.rowByRow).toFixed(1).padStart(8)}×`,
  );
}
const round = (n: number) => Math.round(n);
console.log(
  JSON.stringify({
    bench: "ingest-raw",
    figures: {
      postgres_rows_per_s: round(post.bulk),
      pglite_rows_per_s: round(lite.bulk),
      postgres_ratio_vs_row_by_row: Number((post.bulk / post.rowByRow).toFixed(1)),
      pglite_ratio_vs_row_by_row: Number((lite.bulk / lite.rowByRow).toFixed(1)),
    },
    baseline: {
      postgres_row_by_row_rows_per_s: round(post.rowByRow),
      pglite_row_by_row_rows_per_s: round(lite.rowByRow),
      postgres_drizzle_builder_rows_per_s: round(post.builder),
      pglite_drizzle_builder_rows_per_s: round(lite.builder),
    },
    ratio: Number((post.bulk / post.rowByRow).toFixed(1)),
  }),
);
