import { betterStack, gatus, openStatus, uptimeRobot } from "../functions/alerting/bench/baselines";
import { type Detector, ours } from "../functions/alerting/bench/detectors";
import { results } from "../functions/alerting/bench/feed";
import { pipelineNotes } from "../functions/alerting/bench/pipeline";
import { generate, type Scenario } from "../functions/alerting/bench/scenario";
import { badOutcomes, type Score, score } from "../functions/alerting/bench/score";

// Alert quality benchmark: one seeded world, our engine and four published baselines fed the
// same results. Sizes can be changed with BENCH_DOMAINS, BENCH_DAYS and BENCH_SEED.
const seed = Number(process.env.BENCH_SEED ?? 20261124);
const domains = Number(process.env.BENCH_DOMAINS ?? 300);
const days = Number(process.env.BENCH_DAYS ?? 4);

const sc = generate({ seed, domains, days });

/** Feeds one world to our engine and every baseline; returns their notifications. */
function runAll(world: Scenario): { detectors: Detector[]; checks: number; seconds: number } {
  const detectors: Detector[] = [
    ours(world.domains, world.start),
    gatus(world.domains),
    openStatus(world.domains),
    uptimeRobot(world.domains),
    betterStack(world.domains),
  ];
  const started = performance.now();
  let checks = 0;
  for (const batch of results(world, seed)) {
    checks += batch.length;
    for (const r of batch) for (const d of detectors) d.observe(r);
  }
  for (const d of detectors) d.finish(world.end);
  return { detectors, checks, seconds: (performance.now() - started) / 1000 };
}

const main = runAll(sc);
// the same world without background noise: what single-region and probe-side events cause alone
const quiet = runAll({ ...sc, noise: 0 });
const { checks, seconds } = main;
const scores = main.detectors.map((d, i) => {
  const s = score(sc, d.notes);
  s.falsePagesSingleRegionOrProbe = score(
    sc,
    quiet.detectors[i]!.notes,
  ).falsePagesSingleRegionOrProbe;
  return { name: d.name, s };
});
const kinds = new Map<string, number>();
for (const i of sc.incidents) kinds.set(i.kind, (kinds.get(i.kind) ?? 0) + 1);
console.log(
  `alerts bench: seed ${seed}, ${domains} domains × ${days} days, ${checks.toLocaleString("en")} checks in ${seconds.toFixed(1)} s`,
);
console.log(
  `events: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}; noise ${sc.noise * 100}% of checks`,
);
console.log("");
const cols: [string, (s: Score) => string][] = [
  ["false pages /1k domain-days", (s) => String(s.falsePagesPer1000DomainDays)],
  ["false pages from 1-region/probe events", (s) => String(s.falsePagesSingleRegionOrProbe)],
  ["missed outages ≥2 min", (s) => `${s.missedOutages}/${s.outages}`],
  ["  of which during a probe failure", (s) => String(s.missedDuringProbeFailure)],
  ["detection p50 s", (s) => String(s.detectionP50s ?? "-")],
  ["detection p95 s", (s) => String(s.detectionP95s ?? "-")],
  ["notifications /flap episode (all)", (s) => String(s.notificationsPerFlapEpisode)],
  ["flap episodes over 2+1/h after 20 min", (s) => `${s.flapEpisodesOverBudget}/${s.flapEpisodes}`],
  ["bad outcomes", (s) => String(badOutcomes(s))],
];
const w0 = Math.max(...cols.map(([c]) => c.length));
const widths = scores.map(({ name }) => Math.max(name.length, 9));
console.log(["".padEnd(w0), ...scores.map(({ name }, i) => name.padStart(widths[i]!))].join("  "));
for (const [label, f] of cols) {
  console.log(
    [label.padEnd(w0), ...scores.map(({ s }, i) => f(s).padStart(widths[i]!))].join("  "),
  );
}
const [mine, ...baselines] = scores;
const best = baselines.reduce((a, b) => (badOutcomes(b.s) < badOutcomes(a.s) ? b : a));
const ratio = Math.round(((badOutcomes(best.s) + 1) / (badOutcomes(mine!.s) + 1)) * 100) / 100;
console.log("");
console.log(
  "false pages from 1-region/probe events: those overlapping a blip, below-quorum partial, partition or probe failure, in a rerun of the same world without background noise;",
);
console.log(
  "bad outcomes = false pages + missed outages ≥2 min + notifications beyond 2 + 1/hour per flapping wave (counted from 20 min in);",
);
console.log(
  `ratio = (best baseline's bad outcomes + 1) ÷ (ours + 1) = (${badOutcomes(best.s)} + 1) ÷ (${badOutcomes(mine!.s)} + 1) = ${ratio} (best baseline: ${best.name}; > 1 means we are ahead)`,
);
// the deployed path is slower than the engine alone (PGlite and Redis per batch): a smaller
// world from the same seed, run through the engine alone and through the pipeline
const pDomains = Number(process.env.BENCH_PIPELINE_DOMAINS ?? 40);
const pDays = Number(process.env.BENCH_PIPELINE_DAYS ?? 1);
const small = generate({ seed, domains: pDomains, days: pDays });
const alone = ours(small.domains, small.start);
for (const batch of results(small, seed)) for (const r of batch) alone.observe(r);
alone.finish(small.end);
const pStarted = performance.now();
const piped = await pipelineNotes(small, seed);
const pSeconds = (performance.now() - pStarted) / 1000;
const side = [
  { name: "engine alone", s: score(small, alone.notes) },
  { name: "pipeline", s: score(small, piped) },
];
console.log("");
console.log(
  `engine vs deployed pipeline (replay --pipeline): seed ${seed}, ${pDomains} domains × ${pDays} day(s), pipeline ran in ${pSeconds.toFixed(1)} s`,
);
console.log(["".padEnd(w0), ...side.map(({ name }) => name.padStart(12))].join("  "));
for (const [label, f] of cols) {
  console.log([label.padEnd(w0), ...side.map(({ s }) => f(s).padStart(12))].join("  "));
}
console.log("");
const figures = (s: Score) => ({
  falsePagesPer1000DomainDays: s.falsePagesPer1000DomainDays,
  falsePagesSingleRegionOrProbe: s.falsePagesSingleRegionOrProbe,
  missedOutages: s.missedOutages,
  missedDuringProbeFailure: s.missedDuringProbeFailure,
  outages: s.outages,
  detectionP50s: s.detectionP50s,
  detectionP95s: s.detectionP95s,
  notificationsPerFlapEpisode: s.notificationsPerFlapEpisode,
  flapEpisodesOverBudget: s.flapEpisodesOverBudget,
  badOutcomes: badOutcomes(s),
});
console.log(
  JSON.stringify({
    bench: "alerts",
    figures: {
      ...figures(mine!.s),
      pipelineSubset: { domains: pDomains, days: pDays, ...figures(side[1]!.s) },
      engineSubset: { domains: pDomains, days: pDays, ...figures(side[0]!.s) },
    },
    baseline: Object.fromEntries(baselines.map(({ name, s }) => [name, figures(s)])),
    ratio,
  }),
);
