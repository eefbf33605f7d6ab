import { drizzleStoreOn, memoryStore, relaySuite } from "./relay.test-suite";

relaySuite("memory", memoryStore);
relaySuite("PGlite", () => drizzleStoreOn(""));
