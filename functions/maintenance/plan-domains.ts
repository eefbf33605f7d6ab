import { eq, inArray } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import { domains } from "../../schema/control/domains";
import { organizations } from "../../schema/control/organizations";
import type { Plan } from "./retention";

/** The ids of the domains of organizations on each of `plans`, from the control DB. */
export async function domainsByPlan(
  control: Database,
  plans: readonly Plan[],
): Promise<Map<Plan, string[]>> {
  const out = new Map<Plan, string[]>(plans.map((p) => [p, []]));
  if (plans.length === 0) return out;
  const rows = await control
    .select({ id: domains.id, plan: organizations.plan })
    .from(domains)
    .innerJoin(organizations, eq(organizations.id, domains.orgId))
    .where(inArray(organizations.plan, [...plans]));
  for (const r of rows) out.get(r.plan)?.push(r.id);
  return out;
}
