import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { BulkTable } from "./bulk-table";
import type { DatabaseKind } from "./url";

/** A Drizzle database, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export interface BulkOptions {
  /** "error" (default) fails the write on a duplicate key; "ignore" skips duplicates. */
  onConflict?: "error" | "ignore";
}

/** An open database: Drizzle for queries, a bulk writer for many rows, and close. */
export interface DatabaseHandle {
  kind: DatabaseKind;
  db: Database;
  /** Writes many rows without Drizzle's row builder (COPY or unnest); returns rows written. */
  bulkInsert<T extends object>(
    table: BulkTable,
    rows: readonly T[],
    opts?: BulkOptions,
  ): Promise<number>;
  close(): Promise<void>;
}
