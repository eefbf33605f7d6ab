import { z } from "@hono/zod-openapi";
import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { ApiError } from "./errors";

/** `?limit=&cursor=` of every list. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** A keyset position: the row's timestamp in µs since epoch (Postgres keeps µs) and its id. */
export interface Cursor {
  at: string;
  id: string;
}

/** Opaque to clients: base64url JSON of the last row's position. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString("base64url");
}

// Digits only, so nothing a client sends back can make the database fail a cast.
const shape = z.tuple([z.string().regex(/^\d{1,17}$/), z.uuid()]);

/** Reads a cursor a client sent back; anything else is a 400 naming `cursor`. */
export function decodeCursor(raw: string): Cursor {
  try {
    const [at, id] = shape.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return { at, id };
  } catch {
    throw new ApiError("invalid_request", "cursor is not one this API gave out", "cursor");
  }
}

/** The select expression of a row's position: its timestamp in µs, exactly. */
export function positionOf(at: AnyColumn): SQL<string> {
  return sql<string>`(extract(epoch from ${at}) * 1000000)::bigint::text`;
}

/** Rows after (ascending) or before (descending) a cursor in (timestamp, id) order. */
export function beyond(at: AnyColumn, id: AnyColumn, c: Cursor, dir: "asc" | "desc"): SQL {
  const ts = sql`(timestamptz 'epoch' + ${c.at}::bigint * interval '1 microsecond')`;
  return dir === "asc"
    ? sql`(${at}, ${id}) > (${ts}, ${c.id}::uuid)`
    : sql`(${at}, ${id}) < (${ts}, ${c.id}::uuid)`;
}

/** Splits a page fetched with limit + 1 rows into the page and the next cursor. */
export function pageOf<T>(rows: T[], limit: number, position: (row: T) => Cursor) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null,
  };
}
