import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { isoUtc } from "../clock/iso";

/** A column as the bulk writers need it: SQL name, SQL type, and the row key it reads. */
export interface BulkColumn {
  name: string;
  sqlType: string;
  key: string;
}

/** A table described for bulk writes: scalar columns only (COPY text and unnest both need them). */
export interface BulkTable {
  name: string;
  columns: BulkColumn[];
}

/** Describes a Drizzle table for the bulk writers, so the column list is never written twice. */
export function bulkTable(table: PgTable): BulkTable {
  const config = getTableConfig(table);
  const keyOf = new Map<unknown, string>();
  for (const [key, col] of Object.entries(table as unknown as Record<string, unknown>)) {
    keyOf.set(col, key);
  }
  const columns = config.columns.map((col) => {
    const sqlType = col.getSQLType();
    if (sqlType.endsWith("[]")) {
      throw Object.assign(new Error(`bulk writes take scalar columns; ${col.name} is ${sqlType}`), {
        code: "DB_BULK_UNSUPPORTED",
      });
    }
    const key = keyOf.get(col);
    if (!key) throw new Error(`column ${col.name} of ${config.name} has no key`);
    return { name: col.name, sqlType, key };
  });
  return { name: config.name, columns };
}

/** A value as Postgres text input (null stays null). */
export function toPgText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return isoUtc(value.getTime());
  if (typeof value === "boolean") return value ? "t" : "f";
  return String(value);
}
