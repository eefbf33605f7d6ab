import type { Logger } from "../adapters/log/logger";
import { type ConfigKeys, configKeys } from "../adapters/redis/config-keys";
import { snapshotScript } from "../adapters/redis/config-scripts";
import type { RedisPort, RedisSubscriber } from "../adapters/redis/port";
import { ConfigNotice, DomainConfig } from "../schema/wire/domain-config";

/** What config-sync needs: Redis (read side only), a subscriber, and this probe's region. */
export interface ConfigSyncDeps {
  redis: RedisPort;
  subscriber: RedisSubscriber;
  region: string;
  /** How often the global version is read to catch a missed notice (ms, default 2000). */
  resyncIntervalMs?: number;
  /** Called for every domain added, changed or removed here, the bootstrap included. */
  onChange?: (id: string, config: DomainConfig | null) => void;
  log?: Logger;
  keys?: ConfigKeys;
}

/** A probe's live, in-memory view of the configs it must check. */
export interface ConfigSync {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Domains whose regions include this region and which are not paused. */
  readonly configs: ReadonlyMap<string, DomainConfig>;
  /** The global config version up to which every change has been applied. */
  version(): number;
}

const silent: Logger = { info() {}, warn() {}, error() {} };
const CHUNK = 1000;

/**
 * Push, not poll: one snapshot at start, then one HGET per notice. Pub/Sub is at-most-once,
 * so a periodic GET of the global version finds gaps (versions are consecutive and each has
 * a notice) and fetches only the ids the change log names since the last complete version.
 */
export function createConfigSync(deps: ConfigSyncDeps): ConfigSync {
  const keys = deps.keys ?? configKeys();
  const log = deps.log ?? silent;
  const { redis, region } = deps;
  const configs = new Map<string, DomainConfig>();
  // config_version last applied per domain, every region: a late, older read never wins
  const known = new Map<string, number>();
  const noticed = new Set<number>();
  const pending = new Set<string>();
  let epoch = 0;
  // whether the loaded hash was rebuilt in full for its epoch (see redisKeys.configComplete)
  let whole = false;
  // a newer epoch whose rebuild is not complete yet: the current map is kept until it is
  let awaiting = 0;
  let seen = 0;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;
  let checking = false;
  let flushing: Promise<void> | null = null;

  function remove(id: string): void {
    known.delete(id);
    if (configs.delete(id)) deps.onChange?.(id, null);
  }

  function apply(id: string, raw: string | null): void {
    if (raw === null) {
      remove(id);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {}
    // Only configs this region runs are validated in full; of the rest the version is enough.
    const head = json as { regions?: unknown; paused?: unknown; version?: unknown } | undefined;
    const ours =
      Array.isArray(head?.regions) && head.regions.includes(region) && head.paused !== true;
    if (!ours && typeof head?.version === "number") {
      const prev = known.get(id);
      if (prev !== undefined && head.version < prev) return;
      known.set(id, head.version);
      if (configs.delete(id)) deps.onChange?.(id, null);
      return;
    }
    const parsed = DomainConfig.safeParse(json);
    if (!parsed.success || parsed.data.id !== id) {
      log.warn("config dropped: fails its schema", { domainId: id, region });
      return;
    }
    const cfg = parsed.data;
    const prev = known.get(id);
    if (prev !== undefined && cfg.version < prev) return;
    known.set(id, cfg.version);
    if (prev === cfg.version && configs.has(id)) return;
    configs.set(id, cfg);
    deps.onChange?.(id, cfg);
  }

  async function fetchMany(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      const raws =
        part.length === 1
          ? [await redis.hget(keys.hash, part[0]!)]
          : await redis.hmget(keys.hash, part);
      for (let j = 0; j < part.length; j++) apply(part[j]!, raws[j] ?? null);
    }
  }

  /** Marks versions as applied and moves `seen` over every consecutive one. */
  function advance(): void {
    while (noticed.has(seen + 1)) {
      seen += 1;
      noticed.delete(seen);
    }
  }

  /**
   * Loads the whole hash, or on a new epoch whose rebuild is not complete keeps what it has: a
   * hash rebuilt partway would drop every domain not written yet. A probe holding nothing of
   * an earlier epoch (the first load, or after an empty Redis) takes what there is and loads
   * again once the rebuild completes.
   */
  async function reload(first = false): Promise<void> {
    const snap = await redis.run(
      snapshotScript,
      [keys.epoch, keys.version, keys.hash, keys.complete],
      [],
    );
    const complete = snap.complete === snap.epoch;
    if (!first && snap.epoch !== epoch && !complete && holding()) return wait(snap.epoch);
    if (known.size > 0) {
      const ids = new Set(snap.entries.map(([id]) => id));
      for (const id of [...known.keys()]) if (!ids.has(id)) remove(id);
    }
    for (const [id, raw] of snap.entries) apply(id, raw);
    epoch = snap.epoch;
    whole = complete;
    awaiting = 0;
    seen = snap.version;
    noticed.clear();
    log.info("config loaded", { region, domains: configs.size, version: seen, complete });
  }

  /**
   * Whether a partial load could lose anything: domains were loaded from an earlier epoch.
   * After an empty Redis (epoch 0) every domain known came from notices of the new epoch.
   */
  function holding(): boolean {
    return epoch !== 0 && known.size > 0;
  }

  function wait(newEpoch: number): void {
    if (awaiting !== newEpoch) {
      log.warn("config epoch changed; keeping the current configs until Redis is rebuilt", {
        region,
        epoch: newEpoch,
        domains: configs.size,
      });
    }
    awaiting = newEpoch;
  }

  // Notices that arrive together are fetched together: one HGET, or one HMGET for a burst.
  function flush(): Promise<void> {
    flushing ??= (async () => {
      await new Promise<void>((r) => setImmediate(r));
      const ids = [...pending];
      pending.clear();
      flushing = null;
      await fetchMany(ids);
    })();
    return flushing;
  }

  async function onNotice(message: string): Promise<void> {
    const parsed = ConfigNotice.safeParse(JSON.parse(message));
    if (!parsed.success) return log.warn("config notice dropped: fails its schema", { region });
    const { id, version } = parsed.data;
    if (version <= seen) return;
    pending.add(id);
    await flush();
    // a reload may have passed this version meanwhile; then there is nothing to mark
    if (version > seen) noticed.add(version);
    advance();
    // a version skipped in an ordered stream is a lost notice: look now, not at the next tick
    // (while a rebuild is awaited every notice is "skipped"; the tick watches for its end)
    if (noticed.size > 0 && awaiting === 0) void runCheck();
  }

  function runCheck(): Promise<void> {
    return check().catch((err) => log.warn("config check failed", { region, error: String(err) }));
  }

  /** The cheap periodic read: one GET, more only when a notice was missed. */
  async function check(): Promise<void> {
    if (checking) return;
    checking = true;
    try {
      const current = Number((await redis.get(keys.version)) ?? 0);
      if (current === seen && whole) return;
      // 0: Redis lost its data and is not rebuilt yet; keep checking what we have
      if (current === 0) return;
      const currentEpoch = Number((await redis.get(keys.epoch)) ?? 0);
      if (currentEpoch !== epoch || !whole) {
        // one GET per tick while a rebuild runs; the (big) snapshot only once it is done
        const complete = Number((await redis.get(keys.complete)) ?? 0);
        if (complete === currentEpoch && currentEpoch !== 0) return await reload();
        if (currentEpoch !== epoch) return holding() ? wait(currentEpoch) : await reload();
      }
      if (current === seen) return;
      if (current < seen) return await reload();
      const missing: number[] = [];
      for (let v = seen + 1; v <= current; v++) if (!noticed.has(v)) missing.push(v);
      if (missing.length > 0) {
        // behind the pruned part of the log: it no longer names everything since `seen`
        if (seen < Number((await redis.get(keys.logFloor)) ?? 0)) return await reload();
        const ids = await redis.zrangebyscore(keys.log, `(${seen}`, current);
        await fetchMany(ids);
        log.info("config resynced after missed notices", { region, missed: missing.length });
      }
      for (let v = seen + 1; v <= current; v++) noticed.add(v);
      advance();
    } finally {
      checking = false;
    }
  }

  return {
    configs,
    version: () => seen,
    async start() {
      await reload(true);
      unsubscribe = await deps.subscriber.subscribe(keys.channel, (m) => {
        onNotice(m).catch((err) =>
          log.warn("config notice failed", { region, error: String(err) }),
        );
      });
      // a change between the snapshot and the subscription had no listener: catch it now
      await check();
      timer = setInterval(runCheck, deps.resyncIntervalMs ?? 2_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
