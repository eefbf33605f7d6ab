/**
 * bench:query — daily roll-ups generated for 10k domains × 3 regions × 1 year (hourly only for
 * the measured domain's last month), with the all-regions daily rows ingest keeps beside them;
 * the one-year daily uptime-and-percentiles graph of one domain through the real API handler (app.request), p50/p95 ms, beside the same answer for one
 * month computed from raw rows (exact percentiles at query time, the way peers without roll-ups
 * answer it). The closed days are sealed first, as the hourly maintenance leaves them; today's
 * row is not, so the answer merges one histogram as production does.
 */
import { sql } from "drizzle-orm";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../adapters/db";
import { memoryRedis } from "../adapters/redis/memory";
import { createApp } from "../functions/api/app";
import { aDomainBody, apiHarness } from "../functions/api/testing/harness";
import { sealClosedDays } from "../functions/maintenance/seal-days";
import { scratchDatabase } from "../test-support/scratch-postgres";

const DOMAINS = Number(process.env.BENCH_DOMAINS ?? 10_000);
const DAYS = 365;
const RUNS = Number(process.env.BENCH_RUNS ?? 1_000);
const RAW_RUNS = Number(process.env.BENCH_RAW_RUNS ?? 20);
const pgUrl =
  process.env.TIMESERIES_DATABASE_URL ||
  process.env.DATABASE_URL ||
  "postgres://postgres@127.0.0.1:5432/postgres";
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

/** Fails unless the domain's all-regions rows are the sum of its per-region rows (dp_hist_sum). */
async function expectAllRegionsSum(db: DatabaseHandle, domainId: string) {
  const r = (await db.db.execute(sql`
    WITH a AS (SELECT * FROM rollups_daily_all WHERE domain_id = ${domainId}),
      p AS (SELECT bucket, sum(checks)::int AS checks, sum(failures)::int AS failures,
          sum(latency_sum) AS latency_sum, dp_hist_sum(hist_offset, histogram) AS h
        FROM rollups_daily WHERE domain_id = ${domainId} GROUP BY bucket)
    SELECT count(*)::int AS n FROM a FULL JOIN p USING (bucket)
    WHERE a.checks IS DISTINCT FROM p.checks OR a.failures IS DISTINCT FROM p.failures
      OR a.latency_sum IS DISTINCT FROM p.latency_sum
      OR array_prepend(a.hist_offset, a.histogram) IS DISTINCT FROM p.h`)) as unknown as {
    rows: { n: number }[];
  };
  if (r.rows[0]!.n !== 0) throw new Error(`${r.rows[0]!.n} all-regions rows differ from the sum`);
}

const countRows = async (db: DatabaseHandle, table: string) =>
  Number(
    (
      (await db.db.execute(
        sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`,
      )) as unknown as { rows: { n: number }[] }
    ).rows[0]!.n,
  );

const ctl = await scratchDatabase(pgUrl, "bench_query_c");
const ts = await scratchDatabase(pgUrl, "bench_query_t");
let out: Record<string, number> = {};
const control = await openDatabase(ctl.url);
// generating a year of roll-ups is one long statement: no per-statement limit in this bench
const series = await openDatabase(ts.url, { maxConnections: 4, statementTimeoutMs: 0 });
try {
  await migrateDatabase(control, "control");
  await migrateDatabase(series, "timeseries");
  const h = apiHarness({ db: control, redis: memoryRedis().port });
  const app = createApp({ ...h.deps, timeseries: series.db });
  const { key } = await h.org();
  const { body: d } = await h.call("POST", "/v1/domains", key, aDomainBody());
  const target: string = d.id;
  const regions: string[] = d.regions;

  // daily roll-ups of every domain: 16 histogram shapes of ~40 buckets around 50-400 ms, and
  // sums with the long fractions real milliseconds add up to (x: k/2^20, exact in binary, so
  // the all-regions sums below equal the regions' added together exactly)
  let t = performance.now();
  await series.db.execute(sql`CREATE TEMP TABLE ids AS
    SELECT ${target}::uuid AS id, 0 AS n UNION ALL
    SELECT gen_random_uuid(), g FROM generate_series(1, ${DOMAINS - 1}) g`);
  await series.db.execute(sql`CREATE TEMP TABLE shapes AS
    SELECT k, 130 + k * 2 AS off,
      array(SELECT (20 + 60 * exp(-((j - 20) ^ 2) / 60.0))::int FROM generate_series(1, 40) j) AS h
    FROM generate_series(0, 15) k`);
  await series.db.execute(sql`INSERT INTO rollups_daily (bucket, domain_id, region, checks,
      failures, latency_count, latency_sum, latency_min, latency_max, dns_ms_sum, connect_ms_sum,
      tls_ms_sum, ttfb_ms_sum, hist_offset, histogram)
    SELECT to_timestamp(${today / 1000} - day * 86400), ids.id, r.region, 1440,
      (ids.n + day) % 3, 1440, 1440 * (120 + f.x), 20, 900, 1440 * (2 + f.x),
      1440 * (5 + f.x), 1440 * (9 + f.x), 1440 * (90 + f.x), s.off, s.h
    FROM ids CROSS JOIN unnest(${sql.param(regions)}::text[]) AS r(region)
      CROSS JOIN generate_series(0, ${DAYS - 1}) day
      JOIN shapes s ON s.k = (ids.n + day) % 16
      CROSS JOIN LATERAL (SELECT ((ids.n * 7 + day) % 1000)::float8 / 1048576 AS x) f`);
  // the all-regions rows ingest keeps beside them: each day's regions added together (the
  // three regions share a shape, so the merged histogram is three times its counts), written
  // day after day as ingest writes them
  await series.db.execute(sql`ALTER TABLE shapes ADD COLUMN h3 int[]`);
  await series.db.execute(sql`UPDATE shapes SET h3 = array(SELECT 3 * c FROM unnest(h) c)`);
  const n = regions.length;
  await series.db.execute(sql`INSERT INTO rollups_daily_all (bucket, domain_id, checks,
      failures, latency_count, latency_sum, latency_min, latency_max, dns_ms_sum, connect_ms_sum,
      tls_ms_sum, ttfb_ms_sum, hist_offset, histogram)
    SELECT to_timestamp(${today / 1000} - day * 86400), ids.id, ${n} * 1440,
      ${n} * ((ids.n + day) % 3), ${n} * 1440, ${n} * 1440 * (120 + f.x), 20, 900,
      ${n} * 1440 * (2 + f.x), ${n} * 1440 * (5 + f.x), ${n} * 1440 * (9 + f.x),
      ${n} * 1440 * (90 + f.x), s.off, s.h3
    FROM generate_series(0, ${DAYS - 1}) day CROSS JOIN ids
      JOIN shapes s ON s.k = (ids.n + day) % 16
      CROSS JOIN LATERAL (SELECT ((ids.n * 7 + day) % 1000)::float8 / 1048576 AS x) f`);
  // what autovacuum does to tables this size before anyone reads them: statistics for the
  // planner, hint bits set and the visibility map written, so reads do not dirty pages
  await series.db.execute(sql`VACUUM (ANALYZE) rollups_daily`);
  await series.db.execute(sql`VACUUM (ANALYZE) rollups_daily_all`);
  await expectAllRegionsSum(series, target);
  const genDailyS = (performance.now() - t) / 1000;
  // what the hourly maintenance has done to the closed days by the time anyone reads them:
  // their percentiles sealed from their histograms (a year of them at once here)
  t = performance.now();
  const { sealed } = await sealClosedDays(series.db, Date.now(), DAYS);
  await series.db.execute(sql`VACUUM (ANALYZE) rollups_daily_all`);
  const sealS = (performance.now() - t) / 1000;
  const dailyRows = await countRows(series, "rollups_daily");
  const allRegionsRows = await countRows(series, "rollups_daily_all");

  // raw rows of the measured domain for the last 30 days: one check a minute per region
  t = performance.now();
  await series.db.execute(
    sql`SELECT dp_ensure_probe_result_partitions(${new Date(today - 31 * DAY).toISOString().slice(0, 10)}::date, 33)`,
  );
  await series.db.execute(sql`INSERT INTO probe_results (ts, domain_id, region, ok, error_code,
      http_status, dns_ms, connect_ms, tls_ms, ttfb_ms, total_ms)
    SELECT to_timestamp(${today / 1000 - 30 * 86400} + m * 60), ${target}::uuid, r.region,
      m % 97 <> 0, CASE WHEN m % 97 = 0 THEN 'TIMEOUT' END, 200, 2, 5, 9,
      80 + (m * 7919) % 300, 100 + (m * 7919) % 300
    FROM generate_series(0, 30 * 1440 - 1) m CROSS JOIN unnest(${sql.param(regions)}::text[]) AS r(region)`);
  await series.db.execute(sql`VACUUM (ANALYZE) probe_results`);
  const genRawS = (performance.now() - t) / 1000;

  const auth = { headers: { authorization: `Bearer ${key}` } };
  const from = new Date(today - (DAYS - 1) * DAY).toISOString();
  const to = new Date(today + DAY).toISOString();
  const yearPath = `/v1/domains/${target}/uptime?from=${from}&to=${to}&granularity=day`;
  const ours: number[] = [];
  for (let i = 0; i < RUNS + 10; i++) {
    const s = performance.now();
    const res = await app.request(yearPath, auth);
    const body = (await res.json()) as { buckets: { checks: number; p95Ms: number | null }[] };
    if (res.status !== 200 || body.buckets.length !== DAYS || !body.buckets[0]!.p95Ms) {
      throw new Error(`bad answer: ${res.status}, ${body.buckets?.length} buckets`);
    }
    if (i >= 10) ours.push(performance.now() - s); // 10 warm-up requests
  }

  const raw: number[] = [];
  for (let i = 0; i < RAW_RUNS + 2; i++) {
    const s = performance.now();
    await series.db.execute(sql`SELECT date_trunc('day', ts) AS day, count(*) AS checks,
        count(*) FILTER (WHERE NOT ok) AS failures,
        percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY total_ms)
          FILTER (WHERE ok) AS p,
        avg(dns_ms) AS dns, avg(connect_ms) AS connect, avg(tls_ms) AS tls, avg(ttfb_ms) AS ttfb
      FROM probe_results
      WHERE domain_id = ${target}::uuid AND ts >= to_timestamp(${today / 1000 - 30 * 86400})
      GROUP BY 1 ORDER BY 1`);
    if (i >= 2) raw.push(performance.now() - s);
  }
  out = {
    p50Ms: pct(ours, 0.5),
    p95Ms: pct(ours, 0.95),
    rawP50Ms: pct(raw, 0.5),
    rawP95Ms: pct(raw, 0.95),
    dailyRows,
    allRegionsRows,
    genDailyS,
    genRawS,
    sealed,
    sealS,
  };
} finally {
  await control.close();
  await series.close();
  await ctl.drop();
  await ts.drop();
}

const f = (n: number) => n.toFixed(2).padStart(9);
console.log(
  `\nquery: ${DOMAINS.toLocaleString("en-US")} domains × 3 regions × ${DAYS} days of daily roll-ups (${out.dailyRows!.toLocaleString("en-US")} rows, and ${out.allRegionsRows!.toLocaleString("en-US")} all-regions rows, generated in ${out.genDailyS!.toFixed(0)} s; hourly roll-ups not generated: the year graph reads daily rows only)`,
);
console.log(
  `closed days sealed by maintenance: ${out.sealed!.toLocaleString("en-US")} all-regions rows in ${out.sealS!.toFixed(0)} s`,
);
console.log(
  `raw rows for the baseline: one domain, 3 regions, 30 days at 1/min (${out.genRawS!.toFixed(0)} s)\n`,
);
console.log("answer                                                   p50 ms    p95 ms");
console.log(
  `1 year daily, roll-ups, GET …/uptime via app.request ${f(out.p50Ms!)} ${f(out.p95Ms!)}`,
);
console.log(
  `1 month daily from raw rows (exact percentiles, SQL)  ${f(out.rawP50Ms!)} ${f(out.rawP95Ms!)}`,
);
console.log(
  JSON.stringify({
    bench: "query",
    figures: {
      p95Ms: Number(out.p95Ms!.toFixed(2)),
      p50Ms: Number(out.p50Ms!.toFixed(2)),
      dailyRows: out.dailyRows,
      allRegionsRows: out.allRegionsRows,
    },
    baseline: {
      rawMonthP95Ms: Number(out.rawP95Ms!.toFixed(2)),
      rawMonthP50Ms: Number(out.rawP50Ms!.toFixed(2)),
    },
    ratio: Number((out.rawP95Ms! / out.p95Ms!).toFixed(1)),
  }),
);
