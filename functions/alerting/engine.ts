import type { EvalContext } from "./context";
import { defaultRules, type EngineRules } from "./defaults";
import { type DomainState, initialDomainState } from "./domain-state";
import { type EngineState, emptyEngineState } from "./engine-state";
import { evaluate, step } from "./evaluate";
import { WakeHeap } from "./heap";
import type { Transition } from "./incident";
import type { CheckResult, DomainSpec, Notification } from "./types";
import { presumedUp, recordVote } from "./votes";
import { nextWake } from "./wake";

/** What one call produced: notifications to send, transitions to persist. */
export interface EngineOutput {
  notifications: Notification[];
  transitions: (Transition & { domain: string })[];
}

/**
 * The alert engine over all domains (region health needs them all). Pure: no I/O and no
 * wall clock; time comes in with each call and never goes backwards. State is plain JSON.
 */
export class AlertEngine {
  readonly rules: EngineRules;
  private readonly s: EngineState;
  private readonly heap = new WakeHeap();
  private readonly byRegion = new Map<string, Set<string>>();

  /** `adopt`: take `state` over instead of copying it (the caller gives it up). */
  constructor(
    rules: Partial<EngineRules> = {},
    state: EngineState = emptyEngineState(),
    opts: { adopt?: boolean } = {},
  ) {
    this.rules = { ...defaultRules, ...rules };
    this.s = opts.adopt ? state : structuredClone(state);
    for (const d of Object.values(this.s.domains)) {
      this.index(d.spec);
      if (d.wakeAt !== null) this.heap.push(d.wakeAt, d.spec.id);
    }
  }

  /** A deep copy of the state, to store and later pass back to the constructor. */
  snapshot(): EngineState {
    return structuredClone(this.s);
  }

  /** The state itself, no copy, for a caller done feeding the engine (a batch's last step). */
  release(): EngineState {
    return this.s;
  }

  /** The latest time processed. */
  get now(): number {
    return this.s.now;
  }

  /** A domain's state (read-only by convention), or undefined. */
  domain(id: string): Readonly<DomainState> | undefined {
    return this.s.domains[id];
  }

  /** Adds a domain or replaces its settings; votes of regions it keeps are kept. */
  configure(spec: DomainSpec, at: number): EngineOutput {
    const out = this.advance(at);
    const prev = this.s.domains[spec.id];
    const d = prev ? { ...prev, spec } : initialDomainState(spec);
    if (prev) {
      d.votes = Object.fromEntries(
        Object.entries(prev.votes).filter(([r]) => spec.regions.includes(r)),
      );
      for (const r of prev.spec.regions) this.byRegion.get(r)?.delete(spec.id);
    }
    if (this.rules.silenceKeepsUp) {
      // probes report passes only after a failure: a region not heard from is presumed up
      for (const r of spec.regions) d.votes[r] ??= presumedUp(this.s.now);
    }
    this.s.domains[spec.id] = d;
    this.index(spec);
    this.run(d, this.s.now, out);
    return this.advance(this.s.now, out);
  }

  /** Takes one check result; a result not newer than the region's vote changes nothing. */
  observe(r: CheckResult): EngineOutput {
    const out = this.advance(r.t);
    const d = this.s.domains[r.domain];
    if (!d) throw new Error(`unknown domain "${r.domain}": configure it before its results`);
    if (!d.spec.regions.includes(r.region)) return out;
    const vote = recordVote(d.votes[r.region], r);
    if (!vote) return out;
    d.votes[r.region] = vote;
    this.run(d, this.s.now, out);
    return this.advance(this.s.now, out); // domains whose region health flipped
  }

  /** An operator acknowledged the domain's open incident. */
  acknowledge(domainId: string, at: number): EngineOutput {
    const out = this.advance(at);
    const d = this.s.domains[domainId];
    if (!d) throw new Error(`unknown domain "${domainId}"`);
    step(this.ctx(out), d, { type: "ack" }, this.s.now);
    return out;
  }

  /** Mutes or unmutes a domain: its state goes on, its notifications are dropped. */
  mute(domainId: string, on: boolean, at: number): EngineOutput {
    const out = this.advance(at);
    const d = this.s.domains[domainId];
    if (!d) throw new Error(`unknown domain "${domainId}"`);
    step(this.ctx(out), d, { type: "mute", on }, this.s.now);
    return out;
  }

  /** Moves the clock to `to`, firing every wake-up due on the way, in time order. */
  advance(to: number, out: EngineOutput = { notifications: [], transitions: [] }): EngineOutput {
    for (let top = this.heap.peek(); top && top.t <= to; top = this.heap.peek()) {
      this.heap.pop();
      const d = this.s.domains[top.id];
      if (!d || d.wakeAt !== top.t) continue; // superseded by a later schedule
      this.s.now = Math.max(this.s.now, top.t);
      this.run(d, this.s.now, out);
    }
    this.s.now = Math.max(this.s.now, to);
    return out;
  }

  /** The earliest pending wake-up, for a shell that must call `advance` then. */
  nextWakeAt(): number | null {
    for (let top = this.heap.peek(); top; top = this.heap.peek()) {
      if (this.s.domains[top.id]?.wakeAt === top.t) return top.t;
      this.heap.pop();
    }
    return null;
  }

  private run(d: DomainState, now: number, out: EngineOutput): void {
    const flipped = evaluate(this.ctx(out), d, now);
    this.schedule(d, nextWake(d, now, this.rules));
    // a region's health changed: every domain it checks is judged again, at once
    const others = new Set<string>();
    for (const r of flipped) for (const id of this.byRegion.get(r) ?? []) others.add(id);
    others.delete(d.spec.id);
    for (const id of [...others].sort()) this.schedule(this.s.domains[id]!, now);
  }

  private schedule(d: DomainState, at: number | null): void {
    d.wakeAt = at;
    if (at !== null) this.heap.push(at, d.spec.id);
  }

  private index(spec: DomainSpec): void {
    for (const r of spec.regions) {
      const set = this.byRegion.get(r) ?? new Set<string>();
      set.add(spec.id);
      this.byRegion.set(r, set);
    }
  }

  private ctx(out: EngineOutput): EvalContext {
    return { rules: this.rules, health: this.s.regions, ...out };
  }
}
