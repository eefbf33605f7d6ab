import type { DomainSpec } from "../types";
import type { Detector, Note } from "./detectors";

/** Regions whose latest result is a failure. */
function countDown(latest: Map<string, boolean>): number {
  let n = 0;
  for (const ok of latest.values()) if (!ok) n += 1;
  return n;
}

/** A per-domain rule over the latest status of each region; opens and resolves on change. */
function latestStatus(
  name: string,
  domains: DomainSpec[],
  isDown: (downCount: number, regions: number) => boolean,
): Detector {
  const notes: Note[] = [];
  const state = new Map(
    domains.map((d) => [d.id, { spec: d, latest: new Map<string, boolean>(), down: false }]),
  );
  return {
    name,
    notes,
    observe(r) {
      const s = state.get(r.domain)!;
      s.latest.set(r.region, r.ok);
      const down = isDown(countDown(s.latest), s.spec.regions.length);
      if (down !== s.down)
        notes.push({
          t: r.t,
          domain: r.domain,
          type: down ? "incident.opened" : "incident.resolved",
        });
      s.down = down;
    },
    finish() {},
  };
}

/** OpenStatus: down when at least half the regions' latest results fail; no window, ties page. */
export function openStatus(domains: DomainSpec[]): Detector {
  return latestStatus("OpenStatus", domains, (down, n) => down >= n / 2);
}

/** UptimeRobot: down when every region's latest result fails. */
export function uptimeRobot(domains: DomainSpec[]): Detector {
  return latestStatus("UptimeRobot", domains, (down, n) => down === n);
}

/** Gatus: one vantage point (no regions), 3 failures in a row open, 2 successes resolve. */
export function gatus(domains: DomainSpec[]): Detector {
  const notes: Note[] = [];
  const state = new Map(
    domains.map((d) => [d.id, { region: d.regions[0]!, fails: 0, oks: 0, down: false }]),
  );
  return {
    name: "Gatus",
    notes,
    observe(r) {
      const s = state.get(r.domain)!;
      if (r.region !== s.region) return;
      s.fails = r.ok ? 0 : s.fails + 1;
      s.oks = r.ok ? s.oks + 1 : 0;
      if (!s.down && s.fails >= 3) {
        s.down = true;
        notes.push({ t: r.t, domain: r.domain, type: "incident.opened" });
      } else if (s.down && s.oks >= 2) {
        s.down = false;
        notes.push({ t: r.t, domain: r.domain, type: "incident.resolved" });
      }
    },
    finish() {},
  };
}

/**
 * Better Stack: down when 3 locations fail (all of them when fewer than 4), held for a
 * 60-second confirmation period; resolved after a 180-second recovery period.
 */
export function betterStack(domains: DomainSpec[]): Detector {
  const notes: Note[] = [];
  const CONFIRM = 60_000;
  const RECOVER = 180_000;
  const state = new Map(
    domains.map((d) => [
      d.id,
      {
        n: d.regions.length,
        latest: new Map<string, boolean>(),
        down: false,
        since: null as number | null,
      },
    ]),
  );
  return {
    name: "Better Stack",
    notes,
    observe(r) {
      const s = state.get(r.domain)!;
      s.latest.set(r.region, r.ok);
      const failing = countDown(s.latest) >= Math.min(3, s.n);
      if (failing !== s.down) {
        s.since ??= r.t;
        if (r.t - s.since >= (failing ? CONFIRM : RECOVER)) {
          s.down = failing;
          s.since = null;
          notes.push({
            t: r.t,
            domain: r.domain,
            type: failing ? "incident.opened" : "incident.resolved",
          });
        }
      } else s.since = null;
    },
    finish() {},
  };
}
