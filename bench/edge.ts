/**
 * bench:edge — the status Worker as deployed (bundled by wrangler, run by Miniflare in workerd,
 * reading Upstash REST in front of a private redis-server): requests/s and latency of a status
 * page answered from the Cache API (ours: the cached path) against the same page read from
 * Redis and rendered on every request (baseline: each request a new cache key).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import { seedStatusPage } from "../edge/testing/seed";
import { startRedisServer } from "../test-support/redis-server";
import { startUpstashBridge } from "../test-support/upstash-bridge";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const round = (n: number) => Math.round(n * 100) / 100;

/** `n` requests, `concurrency` at a time, to the URLs `urlOf(i)` gives; each must be a 200. */
async function load(mf: Miniflare, n: number, urlOf: (i: number) => string, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const t0 = performance.now();
      const res = await mf.dispatchFetch(urlOf(i));
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${urlOf(i)}: ${res.status}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return {
    rps: round(n / seconds),
    p50Ms: round(pct(latencies, 50)),
    p95Ms: round(pct(latencies, 95)),
  };
}

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), "dp-edge-bench-"));
  execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", out], {
    cwd: "edge",
    stdio: "ignore",
  });
  const redis = await startRedisServer();
  const bridge = await startUpstashBridge(redis.url);
  const writer = ioredisAdapter({ url: redis.url });
  const mf = new Miniflare({
    // the bundle as one module (its source map's ../ paths would escape a modules root)
    modules: [
      { type: "ESModule", path: "worker.js", contents: readFileSync(join(out, "worker.js")) },
    ],
    compatibilityDate: "2026-04-01",
    bindings: { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token },
  });
  try {
    const { slug } = await seedStatusPage(writer.port, Date.now());
    const page = `https://status.domainpilot.test/status/${slug}`;
    const warm = await mf.dispatchFetch(page);
    await warm.arrayBuffer();
    const bytes = (await (await mf.dispatchFetch(`${page}?size`)).arrayBuffer()).byteLength;
    // warm both paths (JIT, connections) before measuring
    await load(mf, 200, () => page, CONCURRENCY);
    await load(mf, 200, (i) => `${page}?warm=${i}`, CONCURRENCY);
    // throughput with CONCURRENCY in flight; latency one request at a time (no queueing)
    const few = Math.max(200, REQUESTS / 4);
    const uncachedTput = await load(mf, few, (i) => `${page}?n=${i}`, CONCURRENCY);
    const cachedTput = await load(mf, REQUESTS, () => page, CONCURRENCY);
    const uncachedLat = await load(mf, few, (i) => `${page}?m=${i}`, 1);
    const cachedLat = await load(mf, REQUESTS, () => page, 1);
    const uncached = { rps: uncachedTput.rps, p50Ms: uncachedLat.p50Ms, p95Ms: uncachedLat.p95Ms };
    const cached = { rps: cachedTput.rps, p50Ms: cachedLat.p50Ms, p95Ms: cachedLat.p95Ms };
    const cachedHit = (await mf.dispatchFetch(page)).headers.get("x-cache");
    console.log(
      `bench:edge: one status page (3 domains, 90-day bars, 2 incidents) in workerd via Miniflare, Upstash REST bridge → redis-server; req/s with ${CONCURRENCY} in flight, latency one at a time; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
    );
    console.log(
      `${"path".padEnd(34)} ${"req/s".padStart(10)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`,
    );
    const row = (name: string, r: { rps: number; p50Ms: number; p95Ms: number }) =>
      console.log(
        `${name.padEnd(34)} ${String(r.rps).padStart(10)} ${String(r.p50Ms).padStart(8)} ${String(r.p95Ms).padStart(8)}`,
      );
    row("cached (Cache API hit, ours)", cached);
    row("uncached (Redis + render, base)", uncached);
    console.log(`second request answered from cache: ${cachedHit}; page ${bytes} bytes`);
    const ratio = round(cached.rps / uncached.rps);
    console.log(
      JSON.stringify({
        bench: "edge",
        figures: {
          cachedRps: cached.rps,
          uncachedRps: uncached.rps,
          cachedP95Ms: cached.p95Ms,
          cachedP50Ms: cached.p50Ms,
          uncachedP95Ms: uncached.p95Ms,
        },
        baseline: { uncachedRps: uncached.rps, uncachedP95Ms: uncached.p95Ms },
        ratio,
      }),
    );
  } finally {
    await mf.dispose();
    await writer.close();
    await bridge.close();
    await redis.stop();
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
