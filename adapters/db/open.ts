import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Pool as NeonPool, neonConfig } from "@neondatabase/serverless";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import ws from "ws";
import { copyInsert, copyRows } from "./bulk-copy";
import { unnestInsert } from "./bulk-unnest";
import type { Database, DatabaseHandle, TransactionHandle } from "./types";
import { parseDatabaseUrl } from "./url";

export interface OpenOptions {
  /** Connections in the pool (node-postgres and Neon); 1 suits a Lambda. */
  maxConnections?: number;
  /** Connect and authenticate within this many ms, or the query fails (default 5 s). */
  connectTimeoutMs?: number;
  /**
   * Longest statement in ms (default 30 s; 0 disables, for migrations). node-postgres sends it
   * as the session's `statement_timeout`; both drivers also give up client-side a little later,
   * so a server that stops answering fails the query too.
   */
  statementTimeoutMs?: number;
}

/** Pool options bounding connect and query time (shared by node-postgres and Neon). */
export function poolTimeouts(opts: OpenOptions) {
  const statement = opts.statementTimeoutMs ?? 30_000;
  return {
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    // the client-side limit leaves the server room to cancel first and say why
    query_timeout: statement > 0 ? statement + 2_000 : undefined,
    statement,
  };
}

/** A handle whose bulk writes go through unnest (PGlite and Neon: neither speaks COPY here). */
function unnestHandle(
  kind: "pglite" | "neon",
  db: Database,
  close: () => Promise<void>,
): DatabaseHandle {
  return {
    kind,
    db,
    bulkInsert: (table, rows, o) => unnestInsert(db, table, rows, o),
    transaction: (fn) => drizzleTransaction(db, fn),
    close,
  };
}

/** The handle of an open PGlite (in memory or on disk), which closing the handle closes. */
export function pgliteHandle(client: PGlite): DatabaseHandle {
  return unnestHandle("pglite", drizzlePglite(client) as unknown as Database, () => client.close());
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
    return pgliteHandle(client);
  }
  const { statement, ...timeouts } = poolTimeouts(opts);
  if (parsed.kind === "neon") {
    // Node 20 has no global WebSocket; Neon's Pool speaks Postgres over one.
    neonConfig.webSocketConstructor = ws;
    // no statement_timeout startup parameter: Neon's pooler (PgBouncer) may refuse unknown ones
    const pool = new NeonPool({
      connectionString: parsed.url,
      max: opts.maxConnections ?? 4,
      ...timeouts,
    });
    return unnestHandle("neon", drizzleNeon(pool) as unknown as Database, () => pool.end());
  }
  const pool = new pg.Pool({
    connectionString: parsed.url,
    max: opts.maxConnections ?? 8,
    ...timeouts,
    ...(statement > 0 ? { statement_timeout: statement } : {}),
  });
  const db = drizzleNodePg(pool) as unknown as Database;
  return {
    kind: "postgres",
    db,
    bulkInsert: (table, rows, o) => copyInsert(pool, table, rows, o),
    async transaction(fn) {
      // one pooled connection for Drizzle's queries and COPY alike, so both are in the transaction
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const tx: TransactionHandle = {
          db: drizzleNodePg(client) as unknown as Database,
          bulkInsert: (table, rows) => copyRows(client, table, rows),
        };
        const out = await fn(tx);
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function drizzleTransaction<T>(db: Database, fn: (tx: TransactionHandle) => Promise<T>) {
  return db.transaction((t) => {
    const tdb = t as unknown as Database;
    return fn({ db: tdb, bulkInsert: (table, rows) => unnestInsert(tdb, table, rows) });
  });
}
