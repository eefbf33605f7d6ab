import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Pool, PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { binaryCopyable, copyBinaryChunks } from "./bulk-binary";
import type { BulkTable } from "./bulk-table";
import { toPgText } from "./bulk-table";
import type { BulkOptions } from "./types";

const ROWS_PER_CHUNK = 2_000; // rows joined into one stream write

const SPECIAL = /[\\\t\n\r]/;

/** Escapes a value for COPY's text format (tab-separated, \N for null). */
export function copyTextField(value: unknown): string {
  // numbers and dates never need escaping; most strings (ids, codes) neither
  if (typeof value === "number") return String(value);
  const text = toPgText(value);
  if (text === null) return "\\N";
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (ch) =>
    ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r",
  );
}

function* copyLines<T extends object>(table: BulkTable, rows: readonly T[]): Generator<string> {
  const keys = table.columns.map((c) => c.key);
  const last = keys.length - 1;
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
    let out = "";
    const end = Math.min(rows.length, start + ROWS_PER_CHUNK);
    for (let i = start; i < end; i++) {
      const row = rows[i] as Record<string, unknown>;
      for (let c = 0; c < last; c++) out += `${copyTextField(row[keys[c]!])}\t`;
      out += `${copyTextField(row[keys[last]!])}\n`;
    }
    yield out;
  }
}

/**
 * COPY of rows into `into` (a table with `table`'s columns) on a connection, inside the
 * caller's transaction if any: in the binary format when every column type has an encoder
 * (bulk-binary.ts), else in text.
 */
async function copyStream<T extends object>(
  client: PoolClient,
  table: BulkTable,
  into: string,
  rows: readonly T[],
): Promise<number> {
  const cols = table.columns.map((c) => `"${c.name}"`).join(", ");
  const binary = binaryCopyable(table);
  const stream = client.query(
    copyFrom(`COPY "${into}" (${cols}) FROM STDIN${binary ? " (FORMAT binary)" : ""}`),
  );
  const chunks = binary ? copyBinaryChunks(table, rows, ROWS_PER_CHUNK) : copyLines(table, rows);
  await pipeline(Readable.from(chunks), stream);
  return stream.rowCount ?? rows.length;
}

/** COPY of rows into `table` on a connection (inside the caller's transaction, if any). */
export async function copyRows<T extends object>(
  client: PoolClient,
  table: BulkTable,
  rows: readonly T[],
): Promise<number> {
  if (rows.length === 0) return 0;
  return copyStream(client, table, table.name, rows);
}

/**
 * COPY FROM STDIN on node-postgres: the fastest path into PostgreSQL. With onConflict "ignore"
 * the rows go through a temporary staging table so duplicates (a redelivered batch) are skipped.
 */
export async function copyInsert<T extends object>(
  pool: Pool,
  table: BulkTable,
  rows: readonly T[],
  opts: BulkOptions = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const cols = table.columns.map((c) => `"${c.name}"`).join(", ");
  const client = await pool.connect();
  try {
    if (opts.onConflict !== "ignore") return await copyStream(client, table, table.name, rows);
    await client.query("BEGIN");
    const staging = `dp_stage_${table.name}`;
    await client.query(
      `CREATE TEMP TABLE "${staging}" (LIKE "${table.name}" INCLUDING DEFAULTS) ON COMMIT DROP`,
    );
    await copyStream(client, table, staging, rows);
    const result = await client.query(
      `INSERT INTO "${table.name}" (${cols}) SELECT ${cols} FROM "${staging}" ON CONFLICT DO NOTHING`,
    );
    await client.query("COMMIT");
    return result.rowCount ?? 0;
  } catch (err) {
    if (opts.onConflict === "ignore") await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
