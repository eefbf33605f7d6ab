import type { Clock } from "../../adapters/clock/clock";
import { DueHeap } from "./heap";
import { jitterMs, nextSlot, phaseOffsetMs } from "./phase";

/** Timer functions as a dependency (the real ones by default). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** What the scheduler needs: whose phase it computes, a clock, and what to do when due. */
export interface SchedulerDeps {
  region: string;
  clock: Clock;
  /** Called synchronously for each due domain; must be cheap (hand work to the pool). */
  onDue: (id: string, dueAt: number, now: number) => void;
  random?: () => number;
  jitterCapMs?: number;
  timers?: Timers;
}

const TIMER_SLACK_MS = 1;

interface Slot {
  intervalMs: number;
  offsetMs: number;
  gen: number;
}

/**
 * One loop for every domain: a min-heap of next-due times and a single timer armed for the
 * earliest, instead of a timer per domain. A config change reschedules only its domain.
 */
export function createScheduler(deps: SchedulerDeps) {
  const timers = deps.timers ?? realTimers;
  const random = deps.random ?? Math.random;
  const slots = new Map<string, Slot>();
  const heap = new DueHeap();
  let gen = 0;
  let stale = 0;
  let running = false;
  let timer: unknown = null;
  let armedFor = Number.POSITIVE_INFINITY;

  function push(id: string, slot: Slot, now: number): void {
    const due =
      nextSlot(now, slot.intervalMs, slot.offsetMs) +
      jitterMs(slot.intervalMs, random(), deps.jitterCapMs);
    heap.push({ due, id, gen: slot.gen });
  }

  function arm(): void {
    if (!running) return;
    const next = heap.peek()?.due;
    if (next === undefined || next >= armedFor) return;
    if (timer !== null) timers.clearTimeout(timer);
    armedFor = next;
    timer = timers.setTimeout(fire, Math.max(0, next - deps.clock.now()));
  }

  function fire(): void {
    timer = null;
    armedFor = Number.POSITIVE_INFINITY;
    // Node fires a timer against its loop's cached time, which can trail the clock by up to
    // a millisecond; what falls due within that millisecond runs now rather than a turn later.
    runDue(deps.clock.now() + TIMER_SLACK_MS);
    arm();
  }

  /** Fires every occurrence due at or before `now` and queues each domain's next one. */
  function runDue(now: number): number {
    let fired = 0;
    for (let top = heap.peek(); top && top.due <= now; top = heap.peek()) {
      heap.pop();
      const slot = slots.get(top.id);
      if (!slot || slot.gen !== top.gen) {
        stale -= 1;
        continue;
      }
      push(top.id, slot, Math.max(now, top.due));
      fired += 1;
      deps.onDue(top.id, top.due, now);
    }
    if (stale > 1024 && stale > heap.size / 2) {
      heap.compact((e) => slots.get(e.id)?.gen === e.gen);
      stale = 0;
    }
    return fired;
  }

  return {
    /** Adds a domain or changes its interval; an unchanged interval keeps its next slot. */
    upsert(id: string, intervalMs: number): void {
      const old = slots.get(id);
      if (old?.intervalMs === intervalMs) return;
      if (old) stale += 1;
      const slot = { intervalMs, offsetMs: phaseOffsetMs(id, deps.region, intervalMs), gen: ++gen };
      slots.set(id, slot);
      push(id, slot, deps.clock.now());
      arm();
    },
    /** Stops checking a domain (its queued occurrence is skipped when it comes up). */
    remove(id: string): void {
      if (slots.delete(id)) stale += 1;
    },
    has: (id: string) => slots.has(id),
    get size() {
      return slots.size;
    },
    /** Fires what is due at `now`: the timer calls it, tests drive it by hand. */
    runDue,
    start(): void {
      running = true;
      arm();
    },
    stop(): void {
      running = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      armedFor = Number.POSITIVE_INFINITY;
    },
  };
}
export type Scheduler = ReturnType<typeof createScheduler>;
