import { inArray } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import { configFromRow } from "../../adapters/redis/config-from-row";
import { domains } from "../../schema/control/domains";
import type { DomainConfig } from "../../schema/wire/domain-config";

/** Configs of the given domains straight from the control DB (the source of truth). */
export function drizzleConfigs(db: Database): (ids: string[]) => Promise<DomainConfig[]> {
  return async (ids) => {
    if (ids.length === 0) return [];
    const rows = await db.select().from(domains).where(inArray(domains.id, ids));
    return rows.map(configFromRow);
  };
}
