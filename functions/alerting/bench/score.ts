import type { Note } from "./detectors";
import type { Incident, Scenario } from "./scenario";

const MIN = 60_000;
const HOUR = 60 * MIN;
/** When a flapping wave's notification budget starts to count. */
export const FLAP_SETTLE_MS = 20 * MIN;

/** One detector's figures against the scenario's truth. */
export interface Score {
  falsePagesPer1000DomainDays: number;
  /** False pages during (or 10 min after) a single-region blip, below-quorum partial, partition or probe failure; coincident noise included. */
  falsePagesSingleRegionOrProbe: number;
  falsePages: number;
  missedOutages: number;
  /** Of those, outages during a probe failure of one of their own regions (see README). */
  missedDuringProbeFailure: number;
  outages: number;
  detectionP50s: number | null;
  detectionP95s: number | null;
  flapEpisodes: number;
  notificationsPerFlapEpisode: number;
  flapEpisodesOverBudget: number;
  /** Notifications beyond 2 + 1 per hour from 20 minutes into each wave, summed. */
  flapExcess: number;
}

function span(i: Incident): [number, number] {
  const js = Object.values(i.jitter);
  return [i.from + Math.min(...js.map((j) => j[0])), i.to + Math.max(...js.map((j) => j[1]))];
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Scores notifications: pages are `incident.opened`; everything counts inside flapping waves. */
export function score(sc: Scenario, notes: Note[]): Score {
  const byDomain = new Map<string, Note[]>();
  for (const n of notes) byDomain.set(n.domain, [...(byDomain.get(n.domain) ?? []), n]);
  const pagesOf = (d: string) =>
    (byDomain.get(d) ?? []).filter((n) => n.type === "incident.opened");
  const explained = new Set<Note>();

  const real = sc.incidents.filter((i) => i.kind === "outage" || i.kind === "partial-quorum");
  // jitter can shorten an outage as some region sees it; under 2 minutes nothing is owed
  const outages = real.filter((i) => span(i)[1] - span(i)[0] >= 2 * MIN);
  for (const o of real) {
    const [from, to] = span(o);
    for (const p of pagesOf(o.domain!)) if (p.t >= from && p.t <= to + 10 * MIN) explained.add(p);
  }
  const waves = sc.incidents.filter((i) => i.kind === "wave");
  const latencies: number[] = [];
  let missed = 0;
  let missedBlind = 0;
  for (const o of outages) {
    const [from, to] = span(o);
    const pages = pagesOf(o.domain!).filter((p) => p.t >= from && p.t <= to + 10 * MIN);
    for (const p of pages) explained.add(p);
    const first = pages.find((p) => p.t <= to + 5 * MIN);
    if (first) latencies.push((first.t - from) / 1000);
    else {
      missed += 1;
      const blind = sc.incidents.some(
        (i) =>
          i.kind === "probe-failure" &&
          o.regions.includes(i.regions[0]!) &&
          i.from < to &&
          i.to > from,
      );
      if (blind) missedBlind += 1;
    }
  }
  let flapNotes = 0;
  let over = 0;
  let excess = 0;
  for (const w of waves) {
    const all = (byDomain.get(w.domain!) ?? []).filter((n) => n.t >= w.from && n.t <= w.to + HOUR);
    for (const n of all) explained.add(n);
    flapNotes += all.length;
    // the budget holds once flapping is established: the 3-incidents-in-60-minutes rule may
    // page, resolve and reopen first, so every detector is judged from 20 minutes in
    const settled = all.filter((n) => n.t >= w.from + FLAP_SETTLE_MS).length;
    const budget = 2 + Math.ceil((w.to - w.from) / HOUR);
    if (settled > budget) {
      over += 1;
      excess += settled - budget;
    }
  }
  const probeSide = new Set<Incident["kind"]>([
    "blip",
    "partial-below-quorum",
    "partition",
    "probe-failure",
  ]);
  let falsePages = 0;
  let singleOrProbe = 0;
  for (const n of notes) {
    if (n.type !== "incident.opened" || explained.has(n)) continue;
    falsePages += 1;
    const cause = sc.incidents.some(
      (i) =>
        probeSide.has(i.kind) &&
        (i.domain === n.domain || i.targets?.has(n.domain)) &&
        n.t >= i.from &&
        n.t <= span(i)[1] + 10 * MIN,
    );
    if (cause) singleOrProbe += 1;
  }
  latencies.sort((a, b) => a - b);
  const domainDays = (sc.domains.length * (sc.end - sc.start)) / (24 * HOUR);
  return {
    falsePagesPer1000DomainDays: Math.round((falsePages / domainDays) * 1000 * 100) / 100,
    falsePagesSingleRegionOrProbe: singleOrProbe,
    falsePages,
    missedOutages: missed,
    missedDuringProbeFailure: missedBlind,
    outages: outages.length,
    detectionP50s: round1(percentile(latencies, 50)),
    detectionP95s: round1(percentile(latencies, 95)),
    flapEpisodes: waves.length,
    notificationsPerFlapEpisode:
      waves.length === 0 ? 0 : Math.round((flapNotes / waves.length) * 100) / 100,
    flapEpisodesOverBudget: over,
    flapExcess: excess,
  };
}

function round1(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10) / 10;
}

/** The benchmark's one figure of harm: false pages + missed outages + flapping excess. */
export function badOutcomes(s: Score): number {
  return s.falsePages + s.missedOutages + s.flapExcess;
}
