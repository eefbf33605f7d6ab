import type { Domain } from "../../schema/control/domains";
import type { DomainConfig } from "../../schema/wire/domain-config";

/**
 * The DomainConfig a probe receives for a control-DB row. Keys in a fixed order, so the
 * API and the reconcile write byte-identical JSON and a diff is a string comparison.
 */
export function configFromRow(row: Domain): DomainConfig {
  return {
    id: row.id,
    orgId: row.orgId,
    url: row.url,
    name: row.name,
    regions: row.regions,
    intervalSeconds: row.intervalSeconds,
    timeoutMs: row.timeoutMs,
    method: row.method,
    expectStatus: row.expectStatus,
    keyword: row.keyword,
    maxRedirects: row.maxRedirects,
    sslWarnDays: row.sslWarnDays,
    quorum: row.quorum,
    paused: row.paused,
    maintenance: row.maintenance,
    mutedUntil: row.mutedUntil?.getTime() ?? null,
    version: row.configVersion,
  };
}
