/** `npm run db:migrate`: migrates the control and time-series databases named by the environment. */
import { migrateDatabase, openDatabase, redact } from "../adapters/db";

const targets = [
  { role: "control" as const, url: process.env.DATABASE_URL || "pglite://.data/control" },
  {
    role: "timeseries" as const,
    url: process.env.TIMESERIES_DATABASE_URL || "pglite://.data/timeseries",
  },
];

for (const { role, url } of targets) {
  try {
    // an index build on a large table may take minutes: no statement limit here
    const handle = await openDatabase(url, { statementTimeoutMs: 0 });
    try {
      await migrateDatabase(handle, role);
      console.log(`${role}: migrated (${handle.kind}, ${redact(url)})`);
    } finally {
      await handle.close();
    }
  } catch (err) {
    console.error(`${role}: migration failed: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
