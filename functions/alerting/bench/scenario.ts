import { majority } from "../defaults";
import type { DomainSpec } from "../types";
import { type Rng, seeded } from "./rng";

const MIN = 60_000;
export const REGIONS = ["ams", "iad", "sin", "syd", "gru", "fra"] as const;

/** Something that makes checks fail (or vanish), and what it really was. */
export interface Incident {
  kind:
    | "outage"
    | "partial-quorum"
    | "partial-below-quorum"
    | "blip"
    | "wave"
    | "missing"
    | "partition"
    | "probe-failure";
  domain: string | null;
  /** Regions affected; for region-wide kinds the one probe region. */
  regions: string[];
  from: number;
  to: number;
  /** Per-region start and end offsets (onset jitter), ms. */
  jitter: Record<string, [number, number]>;
  /** Square wave period (wave only), ms; down the first half. */
  periodMs?: number;
  /** Domains a partition cuts off. */
  targets?: Set<string>;
}

/** A generated world: domains, what happened to them, and the truth to score against. */
export interface Scenario {
  start: number;
  end: number;
  domains: DomainSpec[];
  /** Background noise: the chance that any one check fails on its own. */
  noise: number;
  incidents: Incident[];
}

/** Options of `generate`; defaults give ~2 minutes of work for every detector together. */
export interface ScenarioOptions {
  seed: number;
  domains: number;
  days: number;
}

/** Builds a seeded scenario with every event kind of the benchmark. */
export function generate(o: ScenarioOptions): Scenario {
  const rng = seeded(o.seed);
  const start = Date.UTC(2026, 0, 5);
  const end = start + o.days * 24 * 60 * MIN;
  const domains: DomainSpec[] = [];
  for (let i = 0; i < o.domains; i++) {
    const n = rng.pick([1, 1, 2, 3, 3, 3, 3, 4, 4, 5]);
    domains.push({
      id: `dom${String(i).padStart(4, "0")}`,
      regions: rng.shuffle(REGIONS).slice(0, n).sort(),
      intervalMs: rng.pick([30_000, MIN, MIN, MIN]),
      timeoutMs: 10_000,
      quorum: null,
      sslWarnDays: [30, 14, 7, 3, 1],
      maintenance: [],
    });
  }
  const incidents: Incident[] = [];
  for (const d of domains) incidents.push(...domainEvents(rng, d, start, end));
  for (const region of REGIONS) incidents.push(...regionEvents(rng, region, domains, start, end));
  return { start, end, domains, noise: 0.002, incidents };
}

function jitterFor(rng: Rng, regions: string[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const r of regions) out[r] = [rng.int(0, 60_000), rng.int(0, 60_000)];
  return out;
}

/** One domain's own events, never overlapping, at least 45 minutes apart. */
function domainEvents(rng: Rng, d: DomainSpec, start: number, end: number): Incident[] {
  const out: Incident[] = [];
  const n = d.regions.length;
  const q = majority(n);
  let t = start + rng.exp(8 * 60 * MIN);
  while (t < end - 6 * 60 * MIN) {
    const kind = rng.pick(
      n >= 3
        ? ([
            "outage",
            "outage",
            "partial-quorum",
            "partial-below-quorum",
            "blip",
            "blip",
            "blip",
            "wave",
            "missing",
          ] as const)
        : (["outage", "outage", "blip", "blip", "blip", "wave", "missing"] as const),
    );
    let regions = d.regions;
    let len = rng.int(1, 5) * MIN;
    let periodMs: number | undefined;
    if (kind === "outage" || kind === "partial-quorum")
      len = Math.round(rng.logUniform(2, 240) * MIN);
    if (kind === "partial-quorum") regions = rng.shuffle(d.regions).slice(0, q);
    if (kind === "partial-below-quorum") {
      regions = rng.shuffle(d.regions).slice(0, q - 1);
      len = rng.int(5, 60) * MIN;
    }
    if (kind === "blip") {
      regions = [rng.pick(d.regions)];
      // on a one-region domain a longer blip is indistinguishable from an outage: one check
      if (n === 1) len = d.intervalMs - 1_000;
    }
    if (kind === "wave") {
      len = rng.int(30, 180) * MIN;
      periodMs = rng.pick([2, 3, 4, 6, 8]) * MIN;
    }
    if (kind === "missing") {
      regions = rng.next() < 0.5 ? d.regions : [rng.pick(d.regions)];
      len = rng.int(5, 30) * MIN;
    }
    const jitter =
      kind === "blip" && n === 1
        ? { [regions[0]!]: [0, 0] as [number, number] }
        : jitterFor(rng, regions);
    out.push({ kind, domain: d.id, regions, from: t, to: t + len, jitter, periodMs });
    t += len + 45 * MIN + rng.exp(10 * 60 * MIN);
  }
  return out;
}

/** Probe-side events of one region: partitions (a third of its multi-region domains) and failures. */
function regionEvents(rng: Rng, region: string, domains: DomainSpec[], start: number, end: number) {
  const out: Incident[] = [];
  const mine = domains.filter((d) => d.regions.includes(region));
  let t = start + rng.exp(20 * 60 * MIN);
  while (t < end - 2 * 60 * MIN) {
    const failure = rng.next() < 0.35;
    const len = (failure ? rng.int(10, 60) : rng.int(5, 30)) * MIN;
    // a partition of a single-region domain looks exactly like its outage; only multi-region ones
    const targets = new Set(
      mine.filter((d) => failure || (d.regions.length > 1 && rng.next() < 0.3)).map((d) => d.id),
    );
    out.push({
      kind: failure ? "probe-failure" : "partition",
      domain: null,
      regions: [region],
      from: t,
      to: t + len,
      jitter: { [region]: [0, 0] },
      targets,
    });
    t += len + rng.exp(12 * 60 * MIN);
  }
  return out;
}
