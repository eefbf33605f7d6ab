import { openDatabase } from "../../adapters/db/open";
import { ioredisAdapter } from "../../adapters/redis/ioredis";
import { deleteKeysWithPrefix } from "../../test-support/redis";
import { scratchDatabase } from "../../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../../test-support/services";
import { drainContract } from "./drain.test-suite";
import { ingestContract } from "./ingest.test-suite";
import type { IngestTarget } from "./ingest-world";

describeWith(["TIMESERIES_DATABASE_URL", "REDIS_URL"], "ingest on real services", () => {
  const open = async (): Promise<IngestTarget> => {
    const scratch = await scratchDatabase(serviceUrl("TIMESERIES_DATABASE_URL")!, "ingest");
    const db = await openDatabase(scratch.url);
    const redisUrl = serviceUrl("REDIS_URL")!;
    const redis = ioredisAdapter({ url: redisUrl });
    return {
      db,
      redis: redis.port,
      async close(prefix) {
        await db.close();
        await scratch.drop();
        await deleteKeysWithPrefix(redisUrl, prefix);
        await redis.close();
      },
    };
  };
  ingestContract("PostgreSQL and Redis", open);
  drainContract("PostgreSQL and Redis", open);
});
