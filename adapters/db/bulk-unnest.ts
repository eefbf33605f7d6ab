import { sql } from "drizzle-orm";
import type { BulkTable } from "./bulk-table";
import { toPgText } from "./bulk-table";
import { pgArray } from "./pg-array";
import type { BulkOptions, Database } from "./types";

const CHUNK = 20_000; // rows per statement: keeps each parameter array well under PGlite's message limits

/**
 * One INSERT … SELECT FROM unnest($1::t1[], $2::t2[], …) per chunk: one parameter per column
 * instead of one per value, and no row builder. Used on PGlite and Neon, where COPY is not offered.
 */
export async function unnestInsert<T extends object>(
  db: Database,
  table: BulkTable,
  rows: readonly T[],
  opts: BulkOptions = {},
): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const arrays = table.columns.map((c) =>
      chunk.map((r) => toPgText((r as Record<string, unknown>)[c.key])),
    );
    const cols = sql.join(
      table.columns.map((c) => sql.identifier(c.name)),
      sql`, `,
    );
    const params = sql.join(
      table.columns.map((c, i) => sql`${sql.param(pgArray(arrays[i]!))}::${sql.raw(c.sqlType)}[]`),
      sql`, `,
    );
    const conflict = opts.onConflict === "ignore" ? sql` ON CONFLICT DO NOTHING` : sql``;
    const result = await db.execute(
      sql`INSERT INTO ${sql.identifier(table.name)} (${cols}) SELECT * FROM unnest(${params})${conflict}`,
    );
    written += affected(result) ?? chunk.length;
  }
  return written;
}

function affected(result: unknown): number | undefined {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? undefined;
}
