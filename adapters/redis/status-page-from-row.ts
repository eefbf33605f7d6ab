import type { StatusPage } from "../../schema/control/status-pages";
import type { StatusPageModel } from "../../schema/wire/status-page";

/** The edge's model of a page from its row and the names of its domains (id → name). */
export function statusPageFromRow(row: StatusPage, names: Map<string, string>): StatusPageModel {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    // a domain deleted since is left out rather than shown as unknown
    domains: row.domainIds
      .filter((id) => names.has(id))
      .map((id) => ({ id, name: names.get(id)! })),
    customHostname: row.customHostname,
    updatedAt: row.updatedAt.toISOString(),
  };
}
