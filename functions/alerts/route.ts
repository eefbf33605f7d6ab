import { sql } from "drizzle-orm";
import { pgArray } from "../../adapters/db/pg-array";
import { rowsOf } from "../../adapters/db/rows";
import type { Database } from "../../adapters/db/types";
import type { AlertChannel } from "../../schema/control/alert-channels";
import type { AlertJob } from "../../schema/wire/events";
import { channelFromRow } from "./rows";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a job's id field can name a row (anything else routes nowhere, and is never queried). */
export const isUuid = (id: string): boolean => UUID.test(id);

/** One job bound for one channel. */
export interface Route {
  job: AlertJob;
  channel: AlertChannel;
}

/**
 * Where each job goes: the channels linked to its domain, or every channel of its organization
 * when the domain has no link (the organization's channels are its defaults). Disabled
 * channels get nothing, and a domain whose links are all disabled does not fall back.
 */
export async function routeJobs(db: Database, jobs: AlertJob[]): Promise<Route[]> {
  const domainIds = [...new Set(jobs.map((j) => j.domainId).filter(isUuid))];
  const orgIds = [...new Set(jobs.map((j) => j.orgId).filter(isUuid))];
  if (orgIds.length === 0) return [];
  const linked =
    domainIds.length === 0
      ? []
      : rowsOf<Record<string, unknown>>(
          await db.execute(sql`
            select dc.domain_id as link_domain_id, c.* from domain_channels dc
            join alert_channels c on c.id = dc.channel_id
            where dc.domain_id = any(${sql.param(pgArray(domainIds))}::uuid[])`),
        );
  const byDomain = new Map<string, AlertChannel[]>();
  for (const l of linked) {
    const domainId = String(l.link_domain_id);
    const list = byDomain.get(domainId);
    if (list) list.push(channelFromRow(l));
    else byDomain.set(domainId, [channelFromRow(l)]);
  }
  const needDefaults = jobs.some((j) => !byDomain.has(j.domainId));
  const byOrg = new Map<string, AlertChannel[]>();
  if (needDefaults) {
    const rows = rowsOf<Record<string, unknown>>(
      await db.execute(sql`
        select * from alert_channels
        where org_id = any(${sql.param(pgArray(orgIds))}::uuid[]) and enabled`),
    );
    for (const r of rows) {
      const c = channelFromRow(r);
      const list = byOrg.get(c.orgId);
      if (list) list.push(c);
      else byOrg.set(c.orgId, [c]);
    }
  }
  const routes: Route[] = [];
  for (const job of jobs) {
    const targets = byDomain.get(job.domainId) ?? byOrg.get(job.orgId) ?? [];
    for (const channel of targets) {
      if (channel.enabled && channel.orgId === job.orgId) routes.push({ job, channel });
    }
  }
  return routes;
}
