/**
 * bench:scheduler — 100k domains at 30–300 s intervals for 60 s with no-op checks, our
 * heap scheduler beside one setInterval per domain, each in its own child process (so RSS is
 * its own), run side by side on the two cores. Prints a table, then one JSON line.
 * Env: BENCH_DOMAINS (100000), BENCH_SECONDS (60).
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createPool } from "../probe-fly/pool";
import { createScheduler } from "../probe-fly/scheduler/scheduler";

type Mode = "heap" | "interval";

interface Figures {
  mode: Mode;
  domains: number;
  fired: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
  rssPerDomainBytes: number;
  rssMb: number;
  cpuPercent: number;
  setupMs: number;
}

const DOMAINS = Number(process.env.BENCH_DOMAINS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const now = () => performance.timeOrigin + performance.now();

function intervalOf(i: number): number {
  return (30 + ((i * 7919) % 271)) * 1000; // 30–300 s, spread deterministically
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function child(mode: Mode): Promise<Figures> {
  const lateness = new Float64Array(DOMAINS * 3);
  let fired = 0;
  const pool = createPool({ concurrency: 512, perHostLimit: 8 });
  const noop = async () => {};
  const record = (dueAt: number, host: string) => {
    lateness[fired++] = now() - dueAt;
    pool.submit(host, noop);
  };
  const ids = Array.from({ length: DOMAINS }, (_, i) => `dom_${i.toString(36).padStart(6, "0")}`);
  const hosts = ids.map((_, i) => `h${i % 5000}.example`);
  gc();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  let stop: () => void;
  if (mode === "heap") {
    const s = createScheduler({
      region: "ams",
      clock: { now },
      onDue: (id, dueAt) => record(dueAt, hosts[Number.parseInt(id.slice(4), 36)]!),
    });
    for (let i = 0; i < DOMAINS; i++) s.upsert(ids[i]!, intervalOf(i));
    s.start();
    stop = () => s.stop();
  } else {
    const handles: NodeJS.Timeout[] = [];
    for (let i = 0; i < DOMAINS; i++) {
      const every = intervalOf(i);
      const phase = (i * 104729) % every;
      let due = now() + phase; // from its own creation, so setup time is not counted as lateness
      handles.push(
        setTimeout(() => {
          record(due, hosts[i]!);
          handles[i] = setInterval(() => {
            due += every;
            record(due, hosts[i]!);
          }, every);
        }, phase),
      );
    }
    stop = () => {
      for (const h of handles) clearTimeout(h);
    };
  }
  const setupMs = performance.now() - t0;
  gc();
  const rss1 = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - w0;
  stop();
  const sorted = lateness.slice(0, fired).sort();
  return {
    mode,
    domains: DOMAINS,
    fired,
    latenessP50Ms: round(percentile(sorted, 50)),
    latenessP99Ms: round(percentile(sorted, 99)),
    latenessMaxMs: round(sorted[sorted.length - 1] ?? 0),
    rssPerDomainBytes: Math.round((rss1 - rss0) / DOMAINS),
    rssMb: round(process.memoryUsage().rss / 1048576),
    cpuPercent: round(((cpu.user + cpu.system) / 1000 / wall) * 100),
    setupMs: round(setupMs),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function runChild(mode: Mode): Promise<Figures> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--expose-gc", "--import", "tsx", self, `--child=${mode}`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(out) as Figures)
        : reject(new Error(`${mode} exited ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const childArg = process.argv.find((a) => a.startsWith("--child="));
  if (childArg) {
    process.stdout.write(JSON.stringify(await child(childArg.slice(8) as Mode)));
    return;
  }
  console.log(
    `bench:scheduler: ${DOMAINS} domains, 30–300 s intervals, ${SECONDS} s, no-op checks`,
  );
  const [ours, base] = await Promise.all([runChild("heap"), runChild("interval")]);
  const rows = Object.keys(ours).filter((k) => k !== "mode") as (keyof Figures)[];
  console.log(`${"figure".padEnd(20)} ${"heap (ours)".padStart(14)} ${"setInterval".padStart(14)}`);
  for (const k of rows)
    console.log(`${k.padEnd(20)} ${String(ours[k]).padStart(14)} ${String(base[k]).padStart(14)}`);
  const pick = (f: Figures) => ({
    latenessP50Ms: f.latenessP50Ms,
    latenessP99Ms: f.latenessP99Ms,
    latenessMaxMs: f.latenessMaxMs,
    rssPerDomainBytes: f.rssPerDomainBytes,
    rssMb: f.rssMb,
    cpuPercent: f.cpuPercent,
    fired: f.fired,
  });
  // Ahead when our p99 lateness is lower: ratio = baseline p99 / ours (floored at 0.01 ms).
  const ratio = round(Math.max(base.latenessP99Ms, 0.01) / Math.max(ours.latenessP99Ms, 0.01));
  console.log(
    JSON.stringify({ bench: "scheduler", figures: pick(ours), baseline: pick(base), ratio }),
  );
}

await main();
