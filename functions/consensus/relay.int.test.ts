import { scratchDatabase } from "../../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../../test-support/services";
import { drizzleStoreOn, relaySuite } from "./relay.test-suite";

describeWith(["DATABASE_URL"], "outbox relay on PostgreSQL", () => {
  relaySuite("PostgreSQL", async () => {
    const scratch = await scratchDatabase(serviceUrl("DATABASE_URL")!, "relay");
    return drizzleStoreOn(scratch.url, scratch.drop);
  });
});
