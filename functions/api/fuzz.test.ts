import { migrateDatabase } from "../../adapters/db/migrate";
import { openDatabase } from "../../adapters/db/open";
import { apiFuzz } from "./fuzz.test-suite";

apiFuzz("PGlite", async () => {
  const db = await openDatabase("");
  await migrateDatabase(db, "control");
  const timeseries = await openDatabase("");
  await migrateDatabase(timeseries, "timeseries");
  return {
    db,
    timeseries,
    async close() {
      await db.close();
      await timeseries.close();
    },
  };
});
