import type { CheckResult } from "../types";
import { seeded } from "./rng";
import type { Incident, Scenario } from "./scenario";

const MIN = 60_000;

const ERROR: Record<Incident["kind"], string> = {
  outage: "HTTP_STATUS",
  "partial-quorum": "TIMEOUT",
  "partial-below-quorum": "TIMEOUT",
  blip: "TIMEOUT",
  wave: "HTTP_STATUS",
  missing: "TIMEOUT",
  partition: "CONNECTION_RESET",
  "probe-failure": "CONNECTION_RESET",
};

/** Whether an incident touches this domain and region at check time s. */
function active(i: Incident, domain: string, region: string, s: number): boolean {
  if (i.domain !== null ? i.domain !== domain : !i.targets?.has(domain)) return false;
  const j = i.jitter[region];
  if (!j || s < i.from + j[0] || s >= i.to + j[1]) return false;
  if (i.kind !== "wave") return true;
  const p = i.periodMs!;
  return (s - i.from) % p < p / 2;
}

/**
 * Every check result of the scenario in completion-time order, one minute at a time, so memory
 * stays flat. Checks run at a fixed phase per domain and region; failures take the timeout.
 */
export function* results(sc: Scenario, seed: number): Generator<CheckResult[]> {
  const rng = seeded(seed ^ 0x5eed);
  const slots = sc.domains.flatMap((d) => {
    const mine = sc.incidents.filter((i) => (i.domain === d.id || i.targets?.has(d.id)) && i.kind);
    return d.regions.map((region) => ({
      d,
      region,
      next: sc.start + Math.floor(rng.next() * d.intervalMs),
      incidents: mine.filter((i) => i.regions.includes(region)),
    }));
  });
  let carry: CheckResult[] = [];
  for (let m = sc.start; m < sc.end; m += MIN) {
    const batch = carry;
    for (const slot of slots) {
      for (; slot.next < m + MIN; slot.next += slot.d.intervalMs) {
        const s = slot.next;
        let error: string | null = null;
        let missing = false;
        for (const i of slot.incidents) {
          if (!active(i, slot.d.id, slot.region, s)) continue;
          if (i.kind === "missing") missing = true;
          else error ??= ERROR[i.kind];
        }
        if (missing) continue;
        if (error === null && rng.next() < sc.noise)
          error = rng.next() < 0.5 ? "TIMEOUT" : "CONNECTION_RESET";
        const latencyMs = error === null ? 150 + Math.floor(rng.next() * 300) : 10_000;
        batch.push({
          t: s + latencyMs,
          domain: slot.d.id,
          region: slot.region,
          ok: error === null,
          error,
          latencyMs,
          tls: null,
          confirm: false,
        });
      }
    }
    batch.sort(
      (a, b) =>
        a.t - b.t ||
        (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : a.region < b.region ? -1 : 1),
    );
    const cut = batch.findIndex((r) => r.t >= m + MIN);
    carry = cut === -1 ? [] : batch.slice(cut);
    yield cut === -1 ? batch : batch.slice(0, cut);
  }
  yield carry;
}
