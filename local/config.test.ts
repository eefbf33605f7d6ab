import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("local stack config", () => {
  it("runs on embedded defaults with nothing set", () => {
    const c = loadConfig({});
    expect(c.port).toBe(8787);
    expect(c.controlDatabaseUrl).toBe("pglite://.data/control");
    expect(c.timeseriesDatabaseUrl).toBe("pglite://.data/timeseries");
    expect(c.redisUrl).toBeUndefined();
    expect(c.regions.map((r) => r.name)).toEqual(["ams", "iad", "sin"]);
    expect(c.allowPrivateTargets).toBe(true);
  });

  it("binds regions to source addresses from LOCAL_REGIONS", () => {
    const c = loadConfig({ LOCAL_REGIONS: "ams@127.0.0.11,iad@127.0.0.12,sin" });
    expect(c.regions).toEqual([
      { name: "ams", localAddress: "127.0.0.11" },
      { name: "iad", localAddress: "127.0.0.12" },
      { name: "sin" },
    ]);
  });

  it("puts the embedded databases under DATA_DIR and treats empty values as unset", () => {
    const c = loadConfig({ DATA_DIR: "/tmp/dp", DATABASE_URL: "" });
    expect(c.controlDatabaseUrl).toBe("pglite:///tmp/dp/control");
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/^PORT:/);
    expect(() => loadConfig({ LOCAL_REGIONS: "Amsterdam!" })).toThrow(/LOCAL_REGIONS/);
    expect(() => loadConfig({ LOCAL_REGIONS: "ams@notanip" })).toThrow(/notanip.*not an IP/);
    expect(() => loadConfig({ ALLOW_PRIVATE_TARGETS: "maybe" })).toThrow(/ALLOW_PRIVATE_TARGETS/);
  });
});
