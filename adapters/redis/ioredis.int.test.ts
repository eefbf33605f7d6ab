import { deleteKeysWithPrefix } from "../../test-support/redis";
import { describeWith, serviceUrl } from "../../test-support/services";
import { configBroadcastContract } from "./config-broadcast.test-suite";
import { type ContractTarget, redisContract } from "./contract.test-suite";
import { ioredisAdapter } from "./ioredis";

describeWith(["REDIS_URL"], "ioredis adapter", () => {
  const open = async (): Promise<ContractTarget> => {
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
  };
  redisContract("ioredis", open);
  configBroadcastContract("ioredis", open);
});
