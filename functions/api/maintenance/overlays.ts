import { and, arrayContains, eq, gt, inArray, sql } from "drizzle-orm";
import type { Database } from "../../../adapters/db/types";
import { type Domain, domains } from "../../../schema/control/domains";
import { maintenanceWindows } from "../../../schema/control/maintenance-windows";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";
import { publishDomain } from "../publish";

type Tx = Pick<Database, "select" | "update">;

// a window that ended a day ago no longer changes what the engine decides
const KEEP_ENDED_MS = 86_400_000;

/**
 * Copies the maintenance windows covering each domain onto its row and bumps its config
 * version, so the next broadcast carries them to consensus. Every id must be one of the
 * organization's domains (else 422 naming domainIds). Returns the rows to publish after commit.
 */
export async function refreshDomainOverlays(
  deps: Pick<ApiDeps, "clock">,
  tx: Tx,
  orgId: string,
  domainIds: string[],
): Promise<Domain[]> {
  const owned = await tx
    .select({ id: domains.id })
    .from(domains)
    .where(and(eq(domains.orgId, orgId), inArray(domains.id, domainIds)));
  const missing = domainIds.filter((id) => !owned.some((o) => o.id === id));
  if (missing.length > 0) {
    throw new ApiError("unprocessable", `domainIds: no domain ${missing[0]}`, "domainIds");
  }
  const since = new Date(deps.clock.now() - KEEP_ENDED_MS);
  const rows: Domain[] = [];
  for (const id of domainIds) {
    const windows = await tx
      .select({ from: maintenanceWindows.startsAt, to: maintenanceWindows.endsAt })
      .from(maintenanceWindows)
      .where(
        and(
          eq(maintenanceWindows.orgId, orgId),
          arrayContains(maintenanceWindows.domainIds, [id]),
          gt(maintenanceWindows.endsAt, since),
        ),
      );
    const maintenance = windows
      .map((w) => ({ from: w.from.getTime(), to: w.to.getTime() }))
      .sort((a, b) => a.from - b.from || a.to - b.to);
    const [row] = await tx
      .update(domains)
      .set({ maintenance, configVersion: sql`${domains.configVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(domains.id, id))
      .returning();
    rows.push(row!);
  }
  return rows;
}

/** Pushes changed domains to Redis (probes and consensus). */
export async function publishDomains(
  deps: Pick<ApiDeps, "broadcast" | "log">,
  rows: Domain[],
): Promise<void> {
  for (const row of rows) await publishDomain(deps, { op: "upsert", row });
}
