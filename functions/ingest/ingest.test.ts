import { openMigratedMemory } from "../../adapters/db/migrated-memory";
import { memoryRedis } from "../../adapters/redis/memory";
import { drainContract } from "./drain.test-suite";
import { ingestContract } from "./ingest.test-suite";

const open = async () => {
  const db = await openMigratedMemory("timeseries");
  return { db, redis: memoryRedis().port, close: () => db.close() };
};
ingestContract("PGlite and in-memory Redis", open);
drainContract("PGlite and in-memory Redis", open);
