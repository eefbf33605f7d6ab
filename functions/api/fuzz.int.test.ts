import { migrateDatabase } from "../../adapters/db/migrate";
import { openDatabase } from "../../adapters/db/open";
import { scratchDatabase } from "../../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../../test-support/services";
import { apiFuzz } from "./fuzz.test-suite";

describeWith(["DATABASE_URL", "TIMESERIES_DATABASE_URL"], "API fuzz on PostgreSQL", () => {
  apiFuzz("PostgreSQL", async () => {
    const control = await scratchDatabase(serviceUrl("DATABASE_URL")!, "fuzz");
    const ts = await scratchDatabase(serviceUrl("TIMESERIES_DATABASE_URL")!, "fuzz_ts");
    const db = await openDatabase(control.url);
    await migrateDatabase(db, "control");
    const timeseries = await openDatabase(ts.url);
    await migrateDatabase(timeseries, "timeseries");
    return {
      db,
      timeseries,
      async close() {
        await db.close();
        await timeseries.close();
        await control.drop();
        await ts.drop();
      },
    };
  });
});
