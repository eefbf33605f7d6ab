import type { Clock } from "../../adapters/clock/clock";
import type { Logger } from "../../adapters/log/logger";
import type { QueuePort } from "../../adapters/queue/port";
import type { RedisPort } from "../../adapters/redis/port";
import { type SchedulerPort, scheduleName } from "../../adapters/scheduler/port";
import { redisKeys } from "../../schema/redis-keys";
import type { AlertWake } from "../../schema/wire/alert-wake";
import { DomainConfig } from "../../schema/wire/domain-config";
import type { Observation } from "../../schema/wire/observation";
import type { OperatorAction } from "../../schema/wire/operator-action";
import type { EngineRules } from "../alerting/defaults";
import { AlertEngine, type EngineOutput } from "../alerting/engine";
import { loadEngine, saveEngine } from "./engine-store";
import { incidentChanges } from "./incident-changes";
import type { IncidentStore } from "./incident-store";
import { alertJob } from "./jobs";
import { applyAction, syncMute } from "./operator";
import { orgFeed } from "./org-feed";
import { specOf } from "./spec";
import { domainStatus } from "./status";

/** What consensus needs; passed in, never imported. */
export interface ConsensusDeps {
  redis: RedisPort;
  queue: QueuePort;
  incidents: IncidentStore;
  clock: Clock;
  log: Logger;
  /** Wakes the engine when time alone changes a decision; optional on one machine. */
  scheduler?: SchedulerPort;
  rules?: Partial<EngineRules>;
}

/**
 * One batch through the engine: load the domains it names, feed observations and wake-ups in
 * time order, then write incidents, alert jobs and state. Every write is idempotent and state
 * is saved last in one HSET, so a failed batch can simply be delivered again.
 */
export async function runConsensus(
  deps: ConsensusDeps,
  input: { observations: Observation[]; wakes: AlertWake[]; actions?: OperatorAction[] },
): Promise<{ notifications: number }> {
  const actions = input.actions ?? []; // operator actions (dashboard)
  const ids = [
    ...new Set([
      ...input.observations.map((o) => o.domainId),
      ...input.wakes.map((w) => w.domainId),
      ...actions.map((a) => a.domainId), // operator actions (dashboard)
    ]),
  ].sort();
  if (ids.length === 0) return { notifications: 0 };
  const configs = await loadConfigs(deps, ids);
  const { shared, domains } = await loadEngine(deps.redis, ids);
  const before = new Map(ids.map((id) => [id, domains[id]?.wakeAt ?? null]));
  // operator actions (dashboard): the status before, for the live stream
  const was = new Map(
    ids.map((id) => [
      id,
      domains[id] ? { status: domains[id].status, since: domains[id].statusSince } : null,
    ]),
  );
  const engine = new AlertEngine({ silenceKeepsUp: true, ...deps.rules }, { ...shared, domains });
  const out: EngineOutput = { notifications: [], transitions: [] };
  const add = (o: EngineOutput) => {
    out.notifications.push(...o.notifications);
    out.transitions.push(...o.transitions);
  };
  const steps = [
    ...input.observations.map((o) => ({ t: o.t, o, w: null, a: null })),
    ...input.wakes.map((w) => ({ t: w.at, o: null, w, a: null })),
    ...actions.map((a) => ({ t: a.at, o: null, w: null, a })), // operator actions (dashboard)
  ].sort((a, b) => a.t - b.t);
  // a fresh engine's clock is 0: a domain added then would have been "up" since 1970
  const configureAt = Math.max(engine.now, steps[0]?.t ?? deps.clock.now());
  for (const [id, c] of configs) {
    const spec = specOf(c);
    const known = engine.domain(id);
    if (!known || JSON.stringify(known.spec) !== JSON.stringify(spec))
      add(engine.configure(spec, configureAt));
  }
  for (const s of steps) {
    const c = configs.get(s.o?.domainId ?? s.w?.domainId ?? s.a!.domainId);
    if (!c || c.paused) continue;
    const muted = syncMute(engine, c, Math.max(s.t, engine.now)); // operator actions (dashboard)
    if (muted) add(muted);
    if (s.a) add(applyAction(engine, s.a) ?? { notifications: [], transitions: [] });
    else if (s.w) add(engine.advance(s.w.at));
    else if (s.o) add(engine.observe({ ...s.o, domain: s.o.domainId }));
  }
  add(engine.advance(deps.clock.now()));

  const touched = ids.filter((id) => configs.has(id) && engine.domain(id));
  for (const id of touched) {
    const d = engine.domain(id)!;
    const orgId = configs.get(id)!.orgId;
    const changes = incidentChanges(
      orgId,
      d,
      out.transitions.filter((t) => t.domain === id),
    );
    changes.feed = { orgId, events: orgFeed(d, out, was.get(id) ?? null) }; // operator actions (dashboard)
    await deps.incidents.save(changes);
  }
  const jobs = out.notifications
    .filter((n) => configs.has(n.domain))
    .map((n) => alertJob(configs.get(n.domain)!.orgId, n));
  if (jobs.length > 0) await deps.queue.send("alerts", jobs);
  const state = engine.snapshot();
  await saveEngine(
    deps.redis,
    { now: state.now, regions: state.regions },
    Object.fromEntries(touched.map((id) => [id, state.domains[id]!])),
  );
  await publishStatus(deps, touched, engine, before);
  return { notifications: jobs.length };
}

async function loadConfigs(deps: ConsensusDeps, ids: string[]): Promise<Map<string, DomainConfig>> {
  const raw = await deps.redis.hmget(redisKeys.configHash, ids);
  const out = new Map<string, DomainConfig>();
  ids.forEach((id, i) => {
    const text = raw[i];
    const parsed = text ? DomainConfig.safeParse(JSON.parse(text)) : null;
    if (parsed?.success) out.set(id, parsed.data);
    else deps.log.warn("observation for an unknown or invalid domain dropped", { domainId: id });
  });
  return out;
}

/** Status for the API and edge, and a wake-up when one is due; failures only cost freshness. */
async function publishStatus(
  deps: ConsensusDeps,
  ids: string[],
  engine: AlertEngine,
  before: Map<string, number | null>,
): Promise<void> {
  for (const id of ids) {
    const d = engine.domain(id)!;
    try {
      await deps.redis.set(redisKeys.domainStatus(id), JSON.stringify(domainStatus(d)));
      if (deps.scheduler && d.wakeAt !== null && d.wakeAt !== before.get(id)) {
        const payload: AlertWake = { kind: "wake", domainId: id, at: d.wakeAt };
        await deps.scheduler.scheduleOnce({
          name: scheduleName("dp-wake", id, d.wakeAt),
          at: d.wakeAt,
          payload,
        });
      }
    } catch (err) {
      deps.log.warn("status or wake-up not written", { domainId: id, error: String(err) });
    }
  }
}
