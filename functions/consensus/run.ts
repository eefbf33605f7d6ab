import type { Clock } from "../../adapters/clock/clock";
import type { Logger } from "../../adapters/log/logger";
import type { QueuePort } from "../../adapters/queue/port";
import type { RedisPort } from "../../adapters/redis/port";
import type { SchedulerPort } from "../../adapters/scheduler/port";
import type { AlertWake } from "../../schema/wire/alert-wake";
import type { DomainConfig } from "../../schema/wire/domain-config";
import type { Observation } from "../../schema/wire/observation";
import type { OperatorAction } from "../../schema/wire/operator-action";
import { defaultRules, type EngineRules } from "../alerting/defaults";
import type { DomainState } from "../alerting/domain-state";
import { AlertEngine, type EngineOutput } from "../alerting/engine";
import { applyContribution, rejudge } from "../alerting/region-health";
import { afterCommit } from "./after-commit";
import { boundTimes } from "./bound-times";
import { commitIsolated } from "./commit";
import { loadConfigs } from "./configs";
import { loadEngine, ONE_SHARD, type Shard, saveEngine } from "./engine-store";
import { incidentChanges } from "./incident-changes";
import type { DomainCommit, IncidentStore } from "./incident-store";
import { alertJob } from "./jobs";
import { applyAction, syncMute } from "./operator";
import { orgFeed } from "./org-feed";
import { purgeDomains } from "./purge";
import { restoredState } from "./restore";
import { specOf } from "./spec";

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
  /**
   * Configs from the control DB for ids Redis does not hold (a wiped or half-rebuilt hash);
   * an id it does not return either is a deleted domain. Without it, Redis alone decides.
   */
  controlConfigs?: (ids: string[]) => Promise<DomainConfig[]>;
  /**
   * Publishes the public summaries of incidents a batch committed (status pages), read back
   * from the control DB; called after the commit, and a failure only delays them.
   */
  incidentSummaries?: (incidentIds: string[], now: number) => Promise<unknown>;
  /** The part of the domains this consumer owns (README: partitioning); one shard if absent. */
  shard?: Shard;
}

/** What one batch did; `failedDomains` are the domains whose messages must come back. */
export interface ConsensusResult {
  notifications: number;
  failedDomains: string[];
}

/**
 * One batch through the engine on consensus's own clock: bound the times it is told, load
 * the domains it names (rebuilding lost state from the control DB, forgetting deleted ones),
 * feed observations and wake-ups in time order, commit incidents and outbox jobs to the
 * control DB, then save the engine in Redis, then hand the outbox to the alerts queue.
 */
export async function runConsensus(
  deps: ConsensusDeps,
  input: { observations: Observation[]; wakes: AlertWake[]; actions?: OperatorAction[] },
): Promise<ConsensusResult> {
  const now = deps.clock.now();
  const rules: EngineRules = { ...defaultRules, silenceKeepsUp: true, ...deps.rules };
  const observations = boundTimes(deps.log, input.observations, now);
  const wakes = input.wakes.map((w) => ({ ...w, at: Math.min(w.at, now) }));
  // an operator's acknowledgement, on the same clock bound as everything else
  const actions = (input.actions ?? []).map((a) => ({ ...a, at: Math.min(a.at, now) }));
  const ids = [
    ...new Set([
      ...observations.map((o) => o.domainId),
      ...wakes.map((w) => w.domainId),
      ...actions.map((a) => a.domainId),
    ]),
  ].sort();
  if (ids.length === 0) return { notifications: 0, failedDomains: [] };
  // both reads go out together (one round trip on a pipelining adapter)
  const shard = deps.shard ?? ONE_SHARD;
  const [configs, { shared, domains, others }] = await Promise.all([
    loadConfigs(deps, ids),
    loadEngine(deps.redis, ids, shard),
  ]);
  shared.now = Math.min(shared.now, now); // a clock once pushed ahead heals
  // the counters include the other shards' latest shares: judge every region on them
  for (const h of Object.values(shared.regions)) rejudge(h, now, rules);
  await purgeDomains(
    deps,
    shared,
    domains,
    ids.filter((id) => !configs.has(id)),
    now,
    rules,
  );
  const missing = ids.filter((id) => configs.has(id) && !domains[id]);
  if (missing.length > 0) {
    const recovered = await deps.incidents.recover(missing);
    for (const [id, rec] of recovered) {
      domains[id] = restoredState(
        specOf(configs.get(id)!),
        rec,
        Math.max(shared.now, 1),
        rules,
        now,
      );
    }
  }
  // what the batch needs of the states before it; the engine takes the states over uncopied
  const loaded = beforeOf(domains);
  const engine = new AlertEngine(rules, { ...shared, domains }, { adopt: true });
  const out: EngineOutput = { notifications: [], transitions: [] };
  const add = (o: EngineOutput) => {
    out.notifications.push(...o.notifications);
    out.transitions.push(...o.transitions);
  };
  const steps = [
    ...observations.map((o) => ({ t: o.t, o, w: null, a: null })),
    ...wakes.map((w) => ({ t: w.at, o: null, w, a: null })),
    ...actions.map((a) => ({ t: a.at, o: null, w: null, a })),
  ].sort((a, b) => a.t - b.t);
  // a fresh engine's clock is 0: a domain added then would have been "up" since 1970
  const configureAt = Math.max(engine.now, steps[0]?.t ?? now);
  for (const [id, c] of configs) {
    const spec = specOf(c);
    const known = engine.domain(id);
    if (!known || JSON.stringify(known.spec) !== JSON.stringify(spec))
      add(engine.configure(spec, configureAt));
  }
  for (const s of steps) {
    const c = configs.get(s.o?.domainId ?? s.w?.domainId ?? s.a!.domainId);
    if (!c || c.paused) continue;
    const muted = syncMute(engine, c, Math.max(s.t, engine.now));
    if (muted) add(muted);
    if (s.a) add(applyAction(engine, s.a) ?? { notifications: [], transitions: [] });
    else if (s.w) add(engine.advance(s.w.at));
    else if (s.o) add(engine.observe({ ...s.o, domain: s.o.domainId }));
  }
  add(engine.advance(now));

  const touched = ids.filter((id) => configs.has(id) && engine.domain(id));
  const byDomain = groupByDomain(out);
  const commits: DomainCommit[] = touched.map((id) => {
    const orgId = configs.get(id)!.orgId;
    const mine = byDomain.get(id) ?? { notifications: [], transitions: [] };
    const d = engine.domain(id)!;
    const was = loaded[id] ? { status: loaded[id].status, since: loaded[id].statusSince } : null;
    const changes = incidentChanges(orgId, d, mine.transitions);
    // the live stream's events commit with the change they describe (GET /v1/events)
    changes.feed = { orgId, events: orgFeed(d, mine, was) };
    return { domainId: id, changes, jobs: mine.notifications.map((n) => alertJob(orgId, n)) };
  });
  const { failed, deleted } = await commitIsolated(deps, commits);
  for (const c of commits) {
    if (failed.has(c.domainId) || deleted.has(c.domainId)) continue;
    // one line per decision: what a person reading the log wants first
    for (const j of c.jobs)
      deps.log.info(`decided ${j.type}`, {
        domainId: j.domainId,
        ...(j.incidentId ? { incidentId: j.incidentId } : {}),
        jobId: j.id,
      });
  }
  const state = engine.release();
  const kept = touched.filter((id) => !failed.has(id) && !deleted.has(id));
  // a domain whose commit failed keeps its old state: take back what it told region health
  for (const id of [...failed, ...deleted]) {
    const back = failed.has(id) ? (loaded[id]?.contribution ?? {}) : {};
    applyContribution(state.regions, state.domains[id]!.contribution, back, now, rules);
  }
  await saveEngine(
    deps.redis,
    { now: state.now, regions: state.regions },
    Object.fromEntries(kept.map((id) => [id, state.domains[id]!])),
    shard,
    others,
  );
  if (deleted.size > 0) {
    // its share of region health was taken back above; remove what is left of it
    const rest = Object.fromEntries(
      [...deleted].map((id) => [
        id,
        { ...state.domains[id]!, contribution: {}, wakeAt: loaded[id]?.wakeAt ?? null },
      ]),
    );
    await purgeDomains(deps, state, rest, [...deleted], now, rules);
    await saveEngine(deps.redis, { now: state.now, regions: state.regions }, {}, shard, others);
  }
  const keptSet = new Set(kept);
  const sent = await afterCommit(deps, {
    kept,
    engine,
    before: loaded,
    commits: commits.filter((c) => keptSet.has(c.domainId)),
  });
  return { notifications: sent, failedDomains: [...failed] };
}

/** What a domain's state was before the batch, as far as the batch needs it afterwards. */
export type Before = Pick<DomainState, "status" | "statusSince" | "contribution" | "wakeAt">;

function beforeOf(domains: Record<string, DomainState>): Record<string, Before> {
  const out: Record<string, Before> = {};
  for (const [id, d] of Object.entries(domains))
    out[id] = {
      status: d.status,
      statusSince: d.statusSince,
      contribution: { ...d.contribution },
      wakeAt: d.wakeAt,
    };
  return out;
}

/** A batch's output per domain, in one pass (a burst touches thousands of domains). */
function groupByDomain(out: EngineOutput): Map<string, EngineOutput> {
  const m = new Map<string, EngineOutput>();
  const of = (id: string) => {
    const e = m.get(id) ?? { notifications: [], transitions: [] };
    m.set(id, e);
    return e;
  };
  for (const t of out.transitions) of(t.domain).transitions.push(t);
  for (const n of out.notifications) of(n.domain).notifications.push(n);
  return m;
}
