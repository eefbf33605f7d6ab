import type { DomainStatus } from "../../schema/wire/domain-status";
import type { DomainState } from "../alerting/domain-state";

const iso = (ms: number) => new Date(ms).toISOString();

/** The status JSON the API and the edge show, from one domain's engine state. */
export function domainStatus(d: DomainState): DomainStatus {
  const regions: DomainStatus["regions"] = {};
  let tls: DomainStatus["tls"] = null;
  let tlsAt = -1;
  for (const region of d.spec.regions) {
    const v = d.votes[region];
    if (!v || v.presumed) continue;
    regions[region] = { ok: v.ok, checkedAt: iso(v.t), error: v.error, latencyMs: v.latencyMs };
    if (v.tls && v.t > tlsAt) {
      tlsAt = v.t;
      tls = { ...v.tls, checkedAt: iso(v.t) };
    }
  }
  return {
    status: d.status,
    since: d.statusSince === null ? null : iso(d.statusSince),
    regions,
    tls,
  };
}
