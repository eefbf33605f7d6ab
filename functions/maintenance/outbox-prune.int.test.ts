import { scratchDatabase } from "../../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../../test-support/services";
import { outboxPruneSuite } from "./outbox-prune.test-suite";

describeWith(["DATABASE_URL"], "outbox pruning on PostgreSQL", () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  outboxPruneSuite(
    "PostgreSQL",
    async () => {
      scratch = await scratchDatabase(serviceUrl("DATABASE_URL")!, "outbox_prune");
      return scratch.url;
    },
    async () => scratch?.drop(),
  );
});
