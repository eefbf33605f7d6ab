import { describe, expect, it } from "vitest";
import { loadIngestConfig } from "./config";

const base = { TIMESERIES_DATABASE_URL: "postgres://x/y", REDIS_URL: "redis://r" };

describe("loadIngestConfig", () => {
  it("reads the region list and defaults the batch and claim settings", () => {
    const c = loadIngestConfig({ ...base, INGEST_REGIONS: "ams, iad,sin" });
    expect(c.regions).toEqual(["ams", "iad", "sin"]);
    expect(c).toMatchObject({ group: "ingest", batchSize: 200, claimIdleMs: 120_000 });
    expect(c.readChunk).toBe(5);
  });

  it("names a missing region list and a bad batch size", () => {
    expect(() => loadIngestConfig(base)).toThrow(/INGEST_REGIONS/);
    expect(() =>
      loadIngestConfig({ ...base, INGEST_REGIONS: "ams", INGEST_BATCH_SIZE: "0" }),
    ).toThrow(/INGEST_BATCH_SIZE/);
  });
});
