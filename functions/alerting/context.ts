import type { EventType } from "../../schema/wire/events";
import type { EngineRules } from "./defaults";
import type { DomainState } from "./domain-state";
import type { Transition } from "./incident";
import type { RegionHealth } from "./region-health";
import type { Notification } from "./types";

/** What one evaluation may read and where it writes its results. */
export interface EvalContext {
  rules: EngineRules;
  health: Record<string, RegionHealth>;
  notifications: Notification[];
  transitions: (Transition & { domain: string })[];
}

/** Emits a notification; without a `seq` it takes the domain's next sequence number. */
export function emit(
  ctx: EvalContext,
  d: DomainState,
  now: number,
  type: EventType,
  fields: Record<string, unknown>,
  seq?: number,
): void {
  let n = seq;
  if (n === undefined) {
    d.machine.seq += 1;
    n = d.machine.seq;
  }
  ctx.notifications.push({ t: now, type, domain: d.spec.id, seq: n, fields });
}

/** Notifications are held in maintenance and dropped while muted. */
export function quiet(d: DomainState): boolean {
  return d.machine.maintenance || d.machine.muted;
}
