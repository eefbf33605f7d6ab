/** The rows of a raw `execute()`: node-postgres, PGlite and Neon answer `{ rows }`, some drivers an array. */
export const rowsOf = <T>(r: unknown): T[] =>
  Array.isArray(r) ? (r as T[]) : ((r as { rows?: T[] }).rows ?? []);

/**
 * A timestamp column of a raw row: a Date (PGlite), or the text PostgreSQL sent (node-postgres
 * under Drizzle, which leaves timestamps unparsed for its own mappers), or ISO text from jsonb.
 */
export const rowDate = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string);
