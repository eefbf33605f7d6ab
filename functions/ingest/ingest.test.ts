import { openDatabase } from "../../adapters/db/open";
import { memoryRedis } from "../../adapters/redis/memory";
import { ingestContract } from "./ingest.test-suite";

ingestContract("PGlite and in-memory Redis", async () => {
  const db = await openDatabase("");
  return { db, redis: memoryRedis().port, close: () => db.close() };
});
