import { type Clock, systemClock } from "../adapters/clock/clock";
import type { Logger } from "../adapters/log/logger";
import { guardPolicy } from "../adapters/net/guard";
import type { QueuePort } from "../adapters/queue/port";
import type { RedisPort, RedisSubscriber } from "../adapters/redis/port";
import { buildSecureContext } from "../probe-fly/checks/secure-context";
import { createProbe, type Probe } from "../probe-fly/probe";

/** One simulated region of the local stack. */
export interface RegionProbeOptions {
  region: string;
  /** Source address for this region's outgoing checks, e.g. 127.0.0.11. */
  localAddress?: string;
  redis: RedisPort;
  subscriber: RedisSubscriber;
  queue: QueuePort;
  allowPrivate: boolean;
  clock?: Clock;
  log?: Logger;
  /** Extra trusted CA PEMs (a local test CA), added to the system roots. */
  extraCa?: string[];
}

/**
 * Starts one region's probe in this process (no HTTP server). Returns at once; `ready`
 * settles when the first config snapshot is loaded, and `stop` drains and flushes.
 */
export function startRegionProbe(opts: RegionProbeOptions): {
  probe: Probe;
  ready: Promise<void>;
  stop(): Promise<void>;
} {
  const probe = createProbe({
    region: opts.region,
    localAddress: opts.localAddress,
    redis: opts.redis,
    subscriber: opts.subscriber,
    queue: opts.queue,
    policy: guardPolicy(opts.allowPrivate),
    secureContext: buildSecureContext(opts.extraCa ?? []),
    clock: opts.clock ?? systemClock,
    log: opts.log,
    concurrency: 64,
  });
  const ready = probe.start().catch((err: unknown) => {
    opts.log?.error("probe failed to start", { region: opts.region, error: String(err) });
    throw err;
  });
  ready.catch(() => {}); // reported above; `stop` still works after a failed start
  return {
    probe,
    ready,
    async stop() {
      await ready.catch(() => {});
      await probe.stop();
    },
  };
}
