import { type Clock, systemClock } from "../adapters/clock/clock";
import type { Logger } from "../adapters/log/logger";
import type { GuardPolicy, Resolve } from "../adapters/net/guard";
import type { QueuePort } from "../adapters/queue/port";
import type { ConfigKeys } from "../adapters/redis/config-keys";
import type { RedisPort, RedisSubscriber } from "../adapters/redis/port";
import type { DomainConfig } from "../schema/wire";
import { type CheckerDeps, runCheck } from "./checks/check";
import type { buildSecureContext } from "./checks/secure-context";
import { createConfigSync } from "./config-sync";
import { createConfirm } from "./confirm";
import { createEmitter } from "./emit";
import { hostKey } from "./host-key";
import { createProbeMetrics } from "./metrics";
import { type DomainMemory, isNews, remember, toObservation } from "./observe";
import { createPool } from "./pool";
import { createScheduler } from "./scheduler/scheduler";

/** Everything one region's probe is built from; ports are passed in, never imported. */
export interface ProbeDeps {
  region: string;
  redis: RedisPort;
  subscriber: RedisSubscriber;
  queue: QueuePort;
  policy: GuardPolicy;
  secureContext: ReturnType<typeof buildSecureContext>;
  localAddress?: string;
  resolve?: Resolve;
  clock?: Clock;
  log?: Logger;
  /** Checks running at once (default 256) and per registrable host (default 4). */
  concurrency?: number;
  perHostLimit?: number;
  confirmMinGapMs?: number;
  resyncIntervalMs?: number;
  flushEveryMs?: number;
  maxBuffer?: number;
  streamMaxLen?: number;
  /** Config key names; a prefix isolates tests sharing one Redis. */
  configKeys?: ConfigKeys;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

/**
 * One region's probe: config-sync feeds the scheduler, due domains run in the bounded pool,
 * results go to the emitter, and a fresh failure asks the other regions to confirm it.
 */
export function createProbe(deps: ProbeDeps) {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? silent;
  const { region } = deps;
  const pool = createPool({
    concurrency: deps.concurrency ?? 256,
    perHostLimit: deps.perHostLimit ?? 4,
  });
  const checker: CheckerDeps = {
    region,
    policy: deps.policy,
    secureContext: deps.secureContext,
    localAddress: deps.localAddress,
    resolve: deps.resolve,
    now: () => clock.now(),
  };
  const memory = new Map<string, DomainMemory>();
  const running = new Set<string>();
  const emitter = createEmitter({
    region,
    redis: deps.redis,
    queue: deps.queue,
    flushEveryMs: deps.flushEveryMs,
    maxBuffer: deps.maxBuffer,
    streamMaxLen: deps.streamMaxLen,
    onError: (what, err) =>
      log.warn("emit failed; holding in buffer", { region, what, error: String(err) }),
  });
  const scheduler = createScheduler({ region, clock, onDue });
  const sync = createConfigSync({
    redis: deps.redis,
    subscriber: deps.subscriber,
    region,
    resyncIntervalMs: deps.resyncIntervalMs,
    keys: deps.configKeys,
    log,
    onChange: (id, config) => {
      if (config) return scheduler.upsert(id, config.intervalSeconds * 1000);
      scheduler.remove(id);
      memory.delete(id);
    },
  });
  const confirm = createConfirm({
    region,
    redis: deps.redis,
    subscriber: deps.subscriber,
    clock,
    minGapMs: deps.confirmMinGapMs,
    log,
    onRecheck: (id) => launch(id, true),
  });
  const metrics = createProbeMetrics(region, {
    inFlight: () => pool.inFlight,
    queued: () => pool.queued,
    configVersion: () => sync.version(),
    domains: () => sync.configs.size,
    buffer: () => emitter.stats(),
  });

  function onDue(id: string, dueAt: number, now: number): void {
    metrics.lateness.observe(Math.max(0, now - dueAt) / 1000);
    launch(id, false);
  }

  function launch(id: string, isConfirm: boolean): void {
    const config = sync.configs.get(id);
    if (!config) return;
    if (running.has(id)) {
      metrics.skipped.inc();
      return;
    }
    running.add(id);
    pool.submit(hostKey(config.url), () =>
      checkOne(config, isConfirm).finally(() => running.delete(id)),
    );
  }

  async function checkOne(config: DomainConfig, isConfirm: boolean): Promise<void> {
    const result = await runCheck(config, checker);
    const completedAt = clock.now();
    const prev = memory.get(config.id);
    // a domain removed while its check ran is not remembered again
    if (sync.configs.has(config.id)) memory.set(config.id, remember(result, completedAt));
    const observation = isNews(prev, result, isConfirm, completedAt)
      ? toObservation(result, {
          domainId: config.id,
          configVersion: config.version,
          confirm: isConfirm,
          completedAt,
        })
      : null;
    emitter.emit({ ...result, domainId: config.id, configVersion: config.version }, observation);
    metrics.checks.inc({ result: result.error?.code ?? "ok" });
    // only a fresh failure asks for confirmation: a domain that stays down has been confirmed
    if (!result.ok && !isConfirm && prev?.lastOk !== false) void confirm.request(config.id);
  }

  let state: "idle" | "running" | "stopping" | "stopped" = "idle";
  return {
    metrics,
    configs: sync.configs,
    state: () => state,
    stats: () => ({
      ...emitter.stats(),
      inFlight: pool.inFlight,
      queued: pool.queued,
      domains: sync.configs.size,
    }),
    async start(): Promise<void> {
      emitter.start();
      await sync.start();
      await confirm.start();
      scheduler.start();
      state = "running";
      log.info("probe started", { region, domains: sync.configs.size, version: sync.version() });
    },
    /** Graceful stop: no new checks, the running ones finish, then everything is flushed. */
    async stop(): Promise<void> {
      if (state === "stopping" || state === "stopped") return;
      state = "stopping";
      scheduler.stop();
      await Promise.allSettled([confirm.stop(), sync.stop()]);
      const dropped = pool.dropQueued();
      if (dropped > 0) log.info("queued checks dropped at shutdown", { region, dropped });
      await pool.idle();
      await emitter.stop();
      state = "stopped";
      log.info("probe stopped", { region, ...emitter.stats() });
    },
  };
}
export type Probe = ReturnType<typeof createProbe>;
