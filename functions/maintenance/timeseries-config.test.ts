import { describe, expect, it } from "vitest";
import { loadTimeseriesMaintenanceConfig } from "./timeseries-config";

describe("loadTimeseriesMaintenanceConfig", () => {
  it("defaults retention to 30 days raw, a year hourly and five years daily", () => {
    const c = loadTimeseriesMaintenanceConfig({ TIMESERIES_DATABASE_URL: "postgres://x/y" });
    expect(c.retention).toEqual({ rawDays: 30, hourlyDays: 366, dailyDays: 1830 });
  });

  it("names a bad retention setting", () => {
    expect(() =>
      loadTimeseriesMaintenanceConfig({ TIMESERIES_DATABASE_URL: "x", RETENTION_RAW_DAYS: "0" }),
    ).toThrow(/RETENTION_RAW_DAYS/);
  });
});
