import { type EvalContext, emit, quiet } from "./context";
import { recoveryMs, voteTtl } from "./defaults";
import type { DomainState } from "./domain-state";
import { noteOpen, percentStateChange, shouldEnd, startReason, takeSamples } from "./flap";
import { isActive, type MachineEvent, next } from "./incident";
import { inMaintenance } from "./maintenance";
import { applyContribution, contribution, distrustedBefore } from "./region-health";
import { worseError } from "./severity";
import { applySideRules } from "./side-rules";
import { commonError, expireDownVotes, isLive, type Tally, tally, type Vote } from "./votes";

/**
 * Re-judges one domain at `now`: votes, region health, consensus, incident machine, flapping,
 * then the side rules. Mutates `d` and the region health; returns regions whose health flipped.
 */
export function evaluate(ctx: EvalContext, d: DomainState, now: number): string[] {
  const { rules } = ctx;
  const ttl = voteTtl(d.spec);
  const live = (v: Vote | undefined) => isLive(v, now, ttl, rules.silenceKeepsUp);
  if (rules.silenceKeepsUp) expireDownVotes(d.votes, now, ttl);

  takeSamples(d.flap, d.down, now, d.spec.intervalMs, rules.flapSamples);
  if (d.down && d.lastEvalAt !== null) d.digest.downMs += now - d.lastEvalAt;
  d.lastEvalAt = now;

  const contrib = contribution(d.spec.regions, d.votes, live);
  const flipped = applyContribution(ctx.health, d.contribution, contrib, now, rules);
  d.contribution = contrib;

  const t = tally(d.spec, d.votes, live, {
    unhealthy: (r) => ctx.health[r]?.unhealthy ?? false,
    recoveredAt: (r) => ctx.health[r]?.recoveredAt ?? null,
    distrustedBefore: (r) => distrustedBefore(ctx.health[r]),
  });
  if (t.quorumDown !== d.down) {
    d.down = t.quorumDown;
    d.downSince = t.quorumDown ? now : null;
    d.flap.lastTransitionAt = now;
  }
  if (t.down.length > 0 && d.flap.flapping) {
    d.digest.regions = [...new Set([...d.digest.regions, ...t.down])].sort();
    for (const r of t.down)
      d.digest.worstError = worseError(d.digest.worstError, d.votes[r]!.error);
  }

  const wasHeld = d.held;
  const inWindow = inMaintenance(d.spec, now);
  if (inWindow && !d.machine.maintenance) {
    const inc = d.machine.incident;
    const down = isActive(d.machine.phase) && inc?.paged === true;
    d.held = { before: down ? "down" : "up", incidentId: down && inc ? inc.id : null };
  }
  if (inWindow !== d.machine.maintenance) step(ctx, d, { type: "maintenance", on: inWindow }, now);

  consensus(ctx, d, t, now);
  applySideRules(ctx, d, t, now, live, inWindow ? null : wasHeld);
  return flipped;
}

/** Feeds one event to the incident machine and records its transitions. */
export function step(ctx: EvalContext, d: DomainState, e: MachineEvent, now: number) {
  const r = next(d.machine, e, now);
  d.machine = r.state;
  for (const tr of r.transitions) ctx.transitions.push({ ...tr, domain: d.spec.id });
  return r.transitions;
}

function consensus(ctx: EvalContext, d: DomainState, t: Tally, now: number): void {
  const { rules } = ctx;
  const cause = commonError(d.votes, t.down);
  const transitions = step(
    ctx,
    d,
    {
      type: "consensus",
      quorumDown: t.quorumDown,
      anyDown: t.down.length > 0,
      majorityUp: t.majorityUp,
      down: t.down,
      cause,
      recoveryMs: recoveryMs(d.spec),
      reopenWithinMs: rules.reopenWithinMs,
    },
    now,
  );
  for (const tr of transitions) {
    if (tr.name !== "opened" && tr.name !== "reopened") continue;
    noteOpen(d.flap, now, rules);
    d.digest.opens += 1;
  }

  const reason = startReason(d.flap, now, rules);
  if (reason) startFlapping(ctx, d, now, reason);

  for (const tr of transitions) {
    const inc = d.machine.incident;
    if (!inc || tr.incidentId !== inc.id) continue;
    if ((tr.name === "opened" || tr.name === "reopened") && !quiet(d) && !d.flap.flapping) {
      inc.paged = true;
      const extra = tr.name === "reopened" ? { reopened: true } : {};
      emit(
        ctx,
        d,
        now,
        "incident.opened",
        { incidentId: inc.id, regions: t.down, error: cause, ...extra },
        tr.seq,
      );
    }
    if (tr.name === "resolved" && inc.paged) {
      // a page sent while flapping (down 10 minutes) is resolved as soon as it recovers: the
      // user was told it opened, so holding the resolve until flapping ends leaves it open
      if (!quiet(d))
        emit(
          ctx,
          d,
          now,
          "incident.resolved",
          { incidentId: inc.id, regions: inc.regions },
          tr.seq,
        );
      // in maintenance the window's end decides; muted drops it
      if (!d.machine.maintenance) inc.paged = false;
    }
  }

  const inc = d.machine.incident;
  const downLongEnough = d.downSince !== null && now - d.downSince >= rules.flapDownPageMs;
  if (
    d.flap.flapping &&
    downLongEnough &&
    inc &&
    isActive(d.machine.phase) &&
    !inc.paged &&
    !quiet(d)
  ) {
    inc.paged = true;
    emit(ctx, d, now, "incident.opened", {
      incidentId: inc.id,
      regions: t.down,
      error: cause,
      flapping: true,
    });
  }

  if (shouldEnd(d.flap, now, rules)) endFlapping(ctx, d, now);
  if (d.flap.flapping && d.flap.digestDueAt !== null && now >= d.flap.digestDueAt) {
    if (d.flap.announced && !quiet(d)) {
      const p = d.digest;
      emit(ctx, d, now, "digest", {
        from: p.from,
        opens: p.opens,
        downtimeMinutes: Math.round(p.downMs / 60_000),
        regions: p.regions,
        worstError: p.worstError,
      });
    }
    d.digest = { from: now, opens: 0, downMs: 0, regions: [], worstError: null };
    while (d.flap.digestDueAt <= now) d.flap.digestDueAt += rules.digestEveryMs;
  }
}

function startFlapping(ctx: EvalContext, d: DomainState, now: number, reason: string): void {
  const f = d.flap;
  f.flapping = true;
  f.since = now;
  f.digestDueAt = now + ctx.rules.digestEveryMs;
  f.resolvedPaged = [];
  f.announced = !quiet(d);
  d.digest = { from: now, opens: 0, downMs: 0, regions: [], worstError: null };
  const inc = d.machine.incident;
  let carried: string | null = null;
  if (inc && isActive(d.machine.phase) && inc.paged) {
    // the paged incident becomes this flapping episode; a later long outage pages afresh
    carried = inc.id;
    step(ctx, d, { type: "supersede" }, now);
  }
  if (f.announced) {
    const score = percentStateChange(f.samples, ctx.rules.flapSamples);
    const percent = Math.round(score * 10) / 10;
    const fields: Record<string, unknown> = {
      state: d.down ? "down" : "up",
      reason,
      percentStateChange: percent,
    };
    if (carried) fields.incidentId = carried;
    emit(ctx, d, now, "flapping.started", fields);
  }
}

function endFlapping(ctx: EvalContext, d: DomainState, now: number): void {
  const f = d.flap;
  if (f.announced && !quiet(d)) {
    const fields: Record<string, unknown> = { state: d.down ? "down" : "up", since: f.since };
    if (f.resolvedPaged.length > 0) fields.resolvedIncidentIds = f.resolvedPaged;
    emit(ctx, d, now, "flapping.ended", fields);
  }
  f.flapping = false;
  f.since = null;
  f.announced = false;
  f.digestDueAt = null;
  f.resolvedPaged = [];
  f.opens = [];
}
