import { migratedPglite } from "../../test-support/pglite";
import { apiFuzz } from "./fuzz.test-suite";

apiFuzz("PGlite", async () => {
  const db = await migratedPglite();
  const timeseries = await migratedPglite("timeseries");
  return {
    db,
    timeseries,
    async close() {
      await db.close();
      await timeseries.close();
    },
  };
});
