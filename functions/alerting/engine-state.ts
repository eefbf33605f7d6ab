import type { DomainState } from "./domain-state";
import type { RegionHealth } from "./region-health";

/** The whole engine as plain JSON: every domain and the health of every probe region. */
export interface EngineState {
  /** The latest time the engine has processed, ms since epoch. */
  now: number;
  domains: Record<string, DomainState>;
  regions: Record<string, RegionHealth>;
}

/** An engine that has seen nothing. */
export function emptyEngineState(): EngineState {
  return { now: 0, domains: {}, regions: {} };
}
