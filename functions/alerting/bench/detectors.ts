import { AlertEngine } from "../engine";
import type { CheckResult, DomainSpec } from "../types";

/** A notification as the benchmark scores it. */
export interface Note {
  t: number;
  domain: string;
  type: string;
}

/** Anything that turns check results into notifications. */
export interface Detector {
  name: string;
  observe(r: CheckResult): void;
  finish(end: number): void;
  notes: Note[];
}

/** This project's engine, fed every result (the replay's mode). */
export function ours(domains: DomainSpec[], start: number): Detector {
  const engine = new AlertEngine();
  const notes: Note[] = [];
  const keep = (ns: { t: number; domain: string; type: string }[]) => {
    for (const n of ns) notes.push({ t: n.t, domain: n.domain, type: n.type });
  };
  for (const d of domains) keep(engine.configure(d, start).notifications);
  return {
    name: "DomainPilot",
    notes,
    observe: (r) => keep(engine.observe(r).notifications),
    finish: (end) => keep(engine.advance(end).notifications),
  };
}
