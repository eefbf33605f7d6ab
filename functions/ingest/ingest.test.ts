import { openMigratedMemory } from "../../adapters/db/migrated-memory";
import { memoryRedis } from "../../adapters/redis/memory";
import { ingestContract } from "./ingest.test-suite";

ingestContract("PGlite and in-memory Redis", async () => {
  const db = await openMigratedMemory("timeseries");
  return { db, redis: memoryRedis().port, close: () => db.close() };
});
