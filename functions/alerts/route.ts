import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import { type AlertChannel, alertChannels } from "../../schema/control/alert-channels";
import { domainChannels } from "../../schema/control/domain-channels";
import type { AlertJob } from "../../schema/wire/events";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  const domainIds = [...new Set(jobs.map((j) => j.domainId).filter((id) => UUID.test(id)))];
  const orgIds = [...new Set(jobs.map((j) => j.orgId).filter((id) => UUID.test(id)))];
  if (orgIds.length === 0) return [];
  const linked =
    domainIds.length === 0
      ? []
      : await db
          .select({ domainId: domainChannels.domainId, channel: alertChannels })
          .from(domainChannels)
          .innerJoin(alertChannels, eq(alertChannels.id, domainChannels.channelId))
          .where(inArray(domainChannels.domainId, domainIds));
  const byDomain = new Map<string, AlertChannel[]>();
  for (const l of linked)
    byDomain.set(l.domainId, [...(byDomain.get(l.domainId) ?? []), l.channel]);
  const needDefaults = jobs.some((j) => !byDomain.has(j.domainId));
  const orgChannels = needDefaults
    ? await db
        .select()
        .from(alertChannels)
        .where(and(inArray(alertChannels.orgId, orgIds), eq(alertChannels.enabled, true)))
    : [];
  const routes: Route[] = [];
  for (const job of jobs) {
    const targets = byDomain.get(job.domainId) ?? orgChannels.filter((c) => c.orgId === job.orgId);
    for (const channel of targets) {
      if (channel.enabled && channel.orgId === job.orgId) routes.push({ job, channel });
    }
  }
  return routes;
}
