import { randomBytes } from "node:crypto";
import pg from "pg";

/** A fresh, uniquely named database on a real PostgreSQL server, dropped when done. */
export async function scratchDatabase(baseUrl: string, label: string) {
  const name = `dp_${label}_${randomBytes(4).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    /** Drops the database, closing whatever connections are left. */
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
