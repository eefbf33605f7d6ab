import { describe } from "vitest";
import { usePglite } from "../../test-support/pglite";
import { rollupUpsertContract } from "./rollup-upsert.test-suite";

describe("roll-up upserts on PGlite", () => {
  const db = usePglite("timeseries", "all");
  rollupUpsertContract(() => db);
});
