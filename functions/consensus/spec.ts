import type { DomainConfig } from "../../schema/wire/domain-config";
import type { DomainSpec } from "../alerting/types";

/** What the engine needs from a domain's probe config. */
export function specOf(c: DomainConfig): DomainSpec {
  return {
    id: c.id,
    regions: c.regions,
    intervalMs: c.intervalSeconds * 1000,
    timeoutMs: c.timeoutMs,
    quorum: c.quorum,
    sslWarnDays: c.sslWarnDays,
    maintenance: c.maintenance ?? [],
  };
}
