import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigratedMemory } from "../../../adapters/db/migrated-memory";
import type { DatabaseHandle } from "../../../adapters/db/types";
import { memoryRedis } from "../../../adapters/redis/memory";
import { addToHistogram, emptyHistogram } from "../../../schema/timeseries/latency-histogram";
import { rollupsHourly } from "../../../schema/timeseries/rollups-hourly";
import { createApp } from "../app";
import { aDomainBody, apiHarness } from "../testing/harness";

let control: DatabaseHandle;
let timeseries: DatabaseHandle;

beforeAll(async () => {
  control = await openMigratedMemory("control");
  timeseries = await openMigratedMemory("timeseries");
});
afterAll(async () => {
  await control.close();
  await timeseries.close();
});

describe("GET /v1/domains/:id/uptime", () => {
  it("answers { buckets } from the hourly roll-ups of every region, for its own domains only", async () => {
    const h = apiHarness({ db: control, redis: memoryRedis().port });
    const app = createApp({ ...h.deps, timeseries: timeseries.db });
    const { key } = await h.org();
    const other = await h.org();
    const { body: d } = await h.call("POST", "/v1/domains", key, aDomainBody());
    const hist = addToHistogram(emptyHistogram(), 42, 10);
    const bucket = new Date("2026-11-24T05:00:00.000Z");
    await timeseries.db.insert(rollupsHourly).values(
      ["ams", "iad"].map((region, i) => ({
        bucket,
        domainId: d.id,
        region,
        checks: 10,
        failures: i * 5,
        latencySum: 100,
        histOffset: hist.offset,
        histogram: hist.counts,
      })),
    );
    const get = async (k: string, query: string) => {
      const res = await app.request(`/v1/domains/${d.id}/uptime?${query}`, {
        headers: { authorization: `Bearer ${k}` },
      });
      return { status: res.status, body: (await res.json()) as { buckets: unknown[] } };
    };
    const q = "from=2026-11-24T04:00:00Z&to=2026-11-24T06:00:00Z&granularity=hour";
    const r = await get(key, q);
    expect(r.status).toBe(200);
    expect(r.body.buckets).toHaveLength(2);
    expect(r.body.buckets[1]).toMatchObject({
      start: "2026-11-24T05:00:00.000Z",
      checks: 20,
      failures: 5,
      uptime: 0.75,
    });
    expect((await get(other.key, q)).status).toBe(404);
    const day = await get(key, "from=2026-11-20&to=2026-11-25T00:00:00%2B00:00&granularity=day");
    expect(day.body.buckets).toHaveLength(5);
  });

  it("refuses a bad range or granularity with 400 naming the field", async () => {
    const h = apiHarness({ db: control, redis: memoryRedis().port });
    const { key } = await h.org();
    const { body: d } = await h.call("POST", "/v1/domains", key, aDomainBody());
    const path = `/v1/domains/${d.id}/uptime`;
    const backwards = await h.call(
      "GET",
      `${path}?from=2026-11-24T06:00:00Z&to=2026-11-24T04:00:00Z`,
      key,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.field).toBe("from");
    const week = await h.call("GET", `${path}?granularity=week`, key);
    expect(week.body.error.field).toBe("granularity");
    const notIso = await h.call("GET", `${path}?from=yesterday`, key);
    expect(notIso.body.error.field).toBe("from");
    const fine = await h.call("GET", path, key);
    expect(fine.status).toBe(200);
    expect(fine.body.buckets.length).toBeGreaterThanOrEqual(24);
  });
});
