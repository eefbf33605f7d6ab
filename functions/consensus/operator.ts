import type { DomainConfig } from "../../schema/wire/domain-config";
import type { OperatorAction } from "../../schema/wire/operator-action";
import type { AlertEngine, EngineOutput } from "../alerting/engine";

/** Mutes or unmutes the domain in the engine so that it matches `mutedUntil` at time `t`. */
export function syncMute(engine: AlertEngine, c: DomainConfig, t: number): EngineOutput | null {
  const d = engine.domain(c.id);
  if (!d) return null;
  const want = c.mutedUntil != null && t < c.mutedUntil;
  return d.machine.muted === want ? null : engine.mute(c.id, want, t);
}

/** Applies an operator's action if it still concerns the domain's current incident. */
export function applyAction(engine: AlertEngine, a: OperatorAction): EngineOutput | null {
  const d = engine.domain(a.domainId);
  if (!d || d.machine.incident?.id !== a.incidentId) return null;
  return engine.acknowledge(a.domainId, Math.max(a.at, engine.now));
}
