import type { AlertChannel } from "../../schema/control/alert-channels";
import { attemptOne, type Claimed, defer, recordAndLog } from "./attempt";
import { groupCommit } from "./group-commit";
import { type KeyedLimiter, keyedLimiter } from "./limiter";
import type { AttemptResult } from "./record";
import type { AlertsDeps, AlertsSettings } from "./types";

/** Outcomes of the slow lane are written together, at most this often (ms). */
const SLOW_FLUSH_MS = 50;
/** Sets of outcomes are written one at a time; more wait and are written together (group commit). */
const WRITES_IN_FLIGHT = 1;

/** The limiter keys of a channel's sends: the channel, and the origin its requests go to. */
export function limiterKeys(c: AlertChannel): string[] {
  const url =
    c.config.type === "webhook"
      ? c.config.url
      : c.config.type === "slack"
        ? c.config.webhookUrl
        : c.config.type === "push" && "endpoint" in c.config
          ? c.config.endpoint
          : null;
  const keys = [`channel:${c.id}`];
  if (url) {
    try {
      keys.push(`origin:${new URL(url).origin}`);
    } catch {
      // an unreadable URL fails its attempt; it has no origin to count against
    }
  }
  return keys;
}

/** The process's send limits: in all, per channel, per origin. */
export const laneLimiter = (s: AlertsSettings) =>
  keyedLimiter(s.concurrency, {
    channel: { inFlight: s.perChannelConcurrency, waiting: s.perChannelQueue },
    origin: { inFlight: s.perOriginConcurrency, waiting: s.perOriginQueue },
  });

const sleep = (ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  return { done, cancel: () => clearTimeout(timer) };
};

/**
 * Where attempts run. A batch (or sweep) waits for its attempts at most `sendBudgetMs` and
 * records those that ended in one set of statements; an attempt still running then (a slow
 * receiver) goes on in the slow lane, keeps its row's lease, and is recorded with the other
 * stragglers when it ends, so a slow receiver holds neither the batch nor anyone behind it.
 * If the process dies first, the lease runs out and the sweep sends the row again.
 */
export function deliveryLane(deps: AlertsDeps, limiter: KeyedLimiter = laneLimiter(deps.settings)) {
  const running = new Set<Promise<void>>();
  const writing = new Set<Promise<void>>();
  let stragglers: AttemptResult[] = [];
  let timer: NodeJS.Timeout | null = null;
  const record = groupCommit(WRITES_IN_FLIGHT, async (sets: AttemptResult[][]) => {
    await recordAndLog(deps, sets.flat());
    return sets.map(() => undefined);
  });

  const write = (results: AttemptResult[]) => {
    if (results.length === 0) return Promise.resolve();
    const p = record(results)
      .catch((err) => {
        deps.log.error("attempts not recorded; the sweep sends them again after their lease", {
          count: results.length,
          error: String(err),
        });
      })
      .finally(() => writing.delete(p));
    writing.add(p);
    return p;
  };
  const flushStragglers = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const take = stragglers;
    stragglers = [];
    if (take.length > 0) void write(take);
  };

  /** Sends claimed rows; resolves once they are recorded, or at the budget with the rest in the slow lane. */
  async function send(rows: Claimed[]): Promise<void> {
    if (rows.length === 0) return;
    const done: AttemptResult[] = [];
    const deferred: string[] = [];
    let inBatch = true;
    const attempts = rows.map((r) => {
      const p = limiter(limiterKeys(r.c), () => attemptOne(deps, r.d, r.c))
        .then((res) => {
          if (res === null) deferred.push(r.d.id);
          else if (inBatch) done.push(res);
          else {
            stragglers.push(res);
            timer ??= setTimeout(flushStragglers, SLOW_FLUSH_MS);
          }
        })
        .catch((err) => {
          // the row keeps its lease: the sweep sends it again when the lease ends
          deps.log.error("attempt failed before sending", {
            deliveryId: r.d.id,
            error: String(err),
          });
        })
        .finally(() => running.delete(p));
      running.add(p);
      return p;
    });
    const budget = sleep(deps.settings.sendBudgetMs);
    await Promise.race([Promise.all(attempts), budget.done]);
    budget.cancel();
    inBatch = false;
    await Promise.all([defer(deps, deferred), write(done)]);
  }

  /** Resolves when nothing is in flight and every attempt is recorded (a Lambda's end, a test). */
  async function settle(): Promise<void> {
    while (running.size > 0 || stragglers.length > 0 || writing.size > 0) {
      await Promise.all([...running]);
      flushStragglers();
      await Promise.all([...writing]);
    }
  }

  return { send, settle, limiter };
}
export type DeliveryLane = ReturnType<typeof deliveryLane>;
