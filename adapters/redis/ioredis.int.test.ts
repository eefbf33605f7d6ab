import { deleteKeysWithPrefix } from "../../test-support/redis";
import { describeWith, serviceUrl } from "../../test-support/services";
import { redisContract } from "./contract.test-suite";
import { ioredisAdapter } from "./ioredis";

describeWith(["REDIS_URL"], "ioredis adapter", () => {
  redisContract("ioredis", async () => {
    const url = serviceUrl("REDIS_URL")!;
    const a = ioredisAdapter({ url });
    return {
      redis: a.port,
      subscriber: a.subscriber,
      async close(prefix) {
        await deleteKeysWithPrefix(url, prefix);
        await a.close();
      },
    };
  });
});
