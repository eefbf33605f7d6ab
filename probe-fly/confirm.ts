import { z } from "zod";
import type { Clock } from "../adapters/clock/clock";
import type { Logger } from "../adapters/log/logger";
import type { RedisPort, RedisSubscriber } from "../adapters/redis/port";
import { redisKeys } from "../schema/redis-keys";

/** Body of a confirm-on-failure request on dp:confirm (probe to probe only). */
export const ConfirmRequest = z.object({
  domainId: z.string().min(1),
  /** The region that saw the failure (it does not recheck its own request). */
  region: z.string().min(1),
  /** ms since epoch */
  t: z.number().nonnegative(),
});
export type ConfirmRequest = z.infer<typeof ConfirmRequest>;

/** What confirm-on-failure needs; `onRecheck` runs one extra check of the domain now. */
export interface ConfirmDeps {
  region: string;
  redis: Pick<RedisPort, "publish">;
  subscriber: RedisSubscriber;
  clock: Clock;
  onRecheck: (domainId: string) => void;
  /** At most one request sent, and one recheck run, per domain in this window (ms). */
  minGapMs?: number;
  log?: Logger;
}

/** Remembers when each domain last passed the gate; forgets entries older than the gap. */
function rateGate(gapMs: number) {
  const last = new Map<string, number>();
  return (id: string, now: number): boolean => {
    const prev = last.get(id);
    if (prev !== undefined && now - prev < gapMs) return false;
    if (last.size > 10_000) for (const [k, t] of last) if (now - t >= gapMs) last.delete(k);
    last.set(id, now);
    return true;
  };
}

/**
 * Confirm on failure: a region that sees a domain fail asks the others to check it at once,
 * so consensus forms in seconds instead of a full interval. Pub/Sub is at-most-once, which
 * is enough: a lost request costs only the speed-up, the regular schedule still runs.
 */
export function createConfirm(deps: ConfirmDeps) {
  const gap = deps.minGapMs ?? 30_000;
  const mayRequest = rateGate(gap);
  const mayRecheck = rateGate(gap);
  let unsubscribe: (() => Promise<void>) | null = null;
  const stats = { requested: 0, rechecked: 0, ignored: 0 };

  function onMessage(message: string): void {
    let parsed: ReturnType<typeof ConfirmRequest.safeParse>;
    try {
      parsed = ConfirmRequest.safeParse(JSON.parse(message));
    } catch {
      parsed = ConfirmRequest.safeParse(null);
    }
    if (!parsed.success) {
      deps.log?.warn("confirm request dropped: fails its schema", { region: deps.region });
      return;
    }
    const req = parsed.data;
    if (req.region === deps.region || !mayRecheck(req.domainId, deps.clock.now())) {
      stats.ignored += 1;
      return;
    }
    stats.rechecked += 1;
    deps.onRecheck(req.domainId);
  }

  return {
    /** Asks the other regions to recheck a domain (rate-limited; failures only logged). */
    async request(domainId: string): Promise<void> {
      const now = deps.clock.now();
      if (!mayRequest(domainId, now)) return;
      stats.requested += 1;
      const body: ConfirmRequest = { domainId, region: deps.region, t: now };
      try {
        await deps.redis.publish(redisKeys.confirmRequests, JSON.stringify(body));
      } catch (err) {
        deps.log?.warn("confirm request not published", {
          domainId,
          region: deps.region,
          error: String(err),
        });
      }
    },
    async start(): Promise<void> {
      unsubscribe ??= await deps.subscriber.subscribe(redisKeys.confirmRequests, onMessage);
    },
    async stop(): Promise<void> {
      await unsubscribe?.();
      unsubscribe = null;
    },
    stats: () => ({ ...stats }),
  };
}
export type Confirm = ReturnType<typeof createConfirm>;
