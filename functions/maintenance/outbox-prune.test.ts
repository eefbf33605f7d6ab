import { outboxPruneSuite } from "./outbox-prune.test-suite";

outboxPruneSuite("PGlite", async () => "");
