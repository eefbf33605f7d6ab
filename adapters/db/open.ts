import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Pool as NeonPool, neonConfig } from "@neondatabase/serverless";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import ws from "ws";
import { copyInsert } from "./bulk-copy";
import { unnestInsert } from "./bulk-unnest";
import type { Database, DatabaseHandle } from "./types";
import { parseDatabaseUrl } from "./url";

export interface OpenOptions {
  /** Connections in the pool (node-postgres and Neon); 1 suits a Lambda. */
  maxConnections?: number;
  /** How long to wait for a connection (node-postgres and Neon); default: the driver's (none). */
  connectTimeoutMs?: number;
}

/**
 * Opens either database from its URL: PGlite for "" or pglite://dir, Neon's serverless driver
 * for *.neon.tech, node-postgres otherwise. Every caller gets the same Drizzle API and bulk writer.
 */
export async function openDatabase(
  url: string | undefined,
  opts: OpenOptions = {},
): Promise<DatabaseHandle> {
  const parsed = parseDatabaseUrl(url);
  if (parsed.kind === "pglite") {
    if (parsed.dataDir) mkdirSync(parsed.dataDir, { recursive: true });
    const client = new PGlite(parsed.dataDir);
    await client.waitReady;
    const db = drizzlePglite(client) as unknown as Database;
    return {
      kind: "pglite",
      db,
      bulkInsert: (table, rows, o) => unnestInsert(db, table, rows, o),
      close: () => client.close(),
    };
  }
  if (parsed.kind === "neon") {
    // Node 20 has no global WebSocket; Neon's Pool speaks Postgres over one.
    neonConfig.webSocketConstructor = ws;
    const pool = new NeonPool({
      connectionString: parsed.url,
      max: opts.maxConnections ?? 4,
      ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
    });
    const db = drizzleNeon(pool) as unknown as Database;
    return {
      kind: "neon",
      db,
      bulkInsert: (table, rows, o) => unnestInsert(db, table, rows, o),
      close: () => pool.end(),
    };
  }
  const pool = new pg.Pool({
    connectionString: parsed.url,
    max: opts.maxConnections ?? 8,
    ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
  });
  const db = drizzleNodePg(pool) as unknown as Database;
  return {
    kind: "postgres",
    db,
    bulkInsert: (table, rows, o) => copyInsert(pool, table, rows, o),
    close: () => pool.end(),
  };
}
