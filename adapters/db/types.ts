import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { BulkTable } from "./bulk-table";
import type { DatabaseKind } from "./url";

/** A Drizzle database, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export interface BulkOptions {
  /** "error" (default) fails the write on a duplicate key; "ignore" skips duplicates. */
  onConflict?: "error" | "ignore";
}

/** A transaction: queries and bulk writes on one connection, committed together. */
export interface TransactionHandle {
  db: Database;
  /** Writes many rows inside the transaction (COPY or unnest); no conflict handling. */
  bulkInsert<T extends object>(table: BulkTable, rows: readonly T[]): Promise<number>;
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
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: TransactionHandle) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
