import { type SQL, sql } from "drizzle-orm";
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
    const source = unnestOf(
      table.columns.map((c) => ({
        type: c.sqlType,
        values: chunk.map((r) => (r as Record<string, unknown>)[c.key]),
      })),
    );
    const cols = sql.join(
      table.columns.map((c) => sql.identifier(c.name)),
      sql`, `,
    );
    const conflict = opts.onConflict === "ignore" ? sql` ON CONFLICT DO NOTHING` : sql``;
    const result = await db.execute(
      sql`INSERT INTO ${sql.identifier(table.name)} (${cols}) SELECT * FROM ${source}${conflict}`,
    );
    written += affected(result) ?? chunk.length;
  }
  return written;
}

/** A column of an `unnest(...)` row source: its SQL type and one value per row. */
export interface UnnestColumn {
  type: string;
  values: readonly unknown[];
}

/**
 * `unnest($1::t1[], $2::t2[], …)`: many rows as one parameter per column, for an INSERT …
 * SELECT, an UPDATE … FROM or a join, without a row builder. Values go as Postgres text. An
 * enum column goes as text and is cast in the select list (PGlite cannot send enum arrays).
 */
export function unnestOf(columns: readonly UnnestColumn[]): SQL {
  const params = sql.join(
    columns.map((c) => sql`${sql.param(pgArray(c.values.map(toPgText)))}::${sql.raw(c.type)}[]`),
    sql`, `,
  );
  return sql`unnest(${params})`;
}

/** Rows a write statement touched, as each driver reports it (undefined when it does not). */
export function affected(result: unknown): number | undefined {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? undefined;
}
