import { describe, expect, it } from "vitest";
import { loadMaintenanceConfig } from "./config";

const base = { DATABASE_URL: "postgres://u@db.test/control", REDIS_URL: "redis://r.test:6379" };

describe("loadMaintenanceConfig", () => {
  it("bounds database and Redis calls by default", () => {
    expect(loadMaintenanceConfig(base)).toMatchObject({
      dbConnectTimeoutMs: 5_000,
      dbStatementTimeoutMs: 60_000,
      redisTimeoutMs: 10_000,
      redis: { kind: "tcp", url: base.REDIS_URL },
    });
  });

  it("reads the timeouts and refuses one that would disable the limit, naming it", () => {
    const c = loadMaintenanceConfig({ ...base, DB_STATEMENT_TIMEOUT_MS: "120000" });
    expect(c.dbStatementTimeoutMs).toBe(120_000);
    expect(() => loadMaintenanceConfig({ ...base, DB_STATEMENT_TIMEOUT_MS: "0" })).toThrow(
      /DB_STATEMENT_TIMEOUT_MS/,
    );
  });
});
