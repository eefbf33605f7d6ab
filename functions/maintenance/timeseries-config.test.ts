import { describe, expect, it } from "vitest";
import { loadTimeseriesMaintenanceConfig } from "./timeseries-config";

const base = { TIMESERIES_DATABASE_URL: "postgres://x/ts", DATABASE_URL: "postgres://x/control" };

describe("loadTimeseriesMaintenanceConfig", () => {
  it("defaults retention per plan: raw 30 days, hourly a year, daily five years on pro", () => {
    const c = loadTimeseriesMaintenanceConfig(base);
    expect(c.databaseUrl).toBe("postgres://x/control");
    expect(c.retention.pro).toEqual({ rawDays: 30, hourlyDays: 366, dailyDays: 1830 });
    expect(c.retention.free).toEqual({ rawDays: 7, hourlyDays: 30, dailyDays: 366 });
    expect(c.retention.business.hourlyDays).toBe(731);
  });

  it("reads a plan's setting and names a bad one or a missing control DB", () => {
    const c = loadTimeseriesMaintenanceConfig({ ...base, RETENTION_FREE_HOURLY_DAYS: "14" });
    expect(c.retention.free.hourlyDays).toBe(14);
    expect(() => loadTimeseriesMaintenanceConfig({ ...base, RETENTION_PRO_RAW_DAYS: "0" })).toThrow(
      /RETENTION_PRO_RAW_DAYS/,
    );
    expect(() => loadTimeseriesMaintenanceConfig({ TIMESERIES_DATABASE_URL: "x" })).toThrow(
      /DATABASE_URL/,
    );
  });
});
