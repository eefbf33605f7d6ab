import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../../adapters/clock/clock";
import { openMigratedMemory } from "../../../adapters/db/migrated-memory";
import type { DatabaseHandle } from "../../../adapters/db/types";
import { memoryRedis } from "../../../adapters/redis/memory";
import { aTlsInfo } from "../../../probe-fly/testing/builders";
import { redisKeys } from "../../../schema/redis-keys";
import { ensureGroups, type IngestDeps, ingestCycle } from "../../ingest/cycle";
import { aRecord, asEntry } from "../../ingest/testing";
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

const T0 = Date.parse("2026-11-24T10:00:00.000Z");

/** An org with one domain, an app over both databases, and an ingest into them. */
async function setup() {
  const redis = memoryRedis();
  const h = apiHarness({ db: control, redis: redis.port });
  const clock = manualClock(T0 + 3_600_000);
  const app = createApp({ ...h.deps, timeseries: timeseries.db, clock });
  const { key } = await h.org();
  const { body: d } = await h.call("POST", "/v1/domains", key, aDomainBody());
  const ingest: IngestDeps = {
    db: timeseries,
    redis: redis.port,
    log: h.log,
    clock,
    regions: d.regions,
    group: "ingest",
    consumer: "t",
    batchSize: 1_000,
    claimIdleMs: 60_000,
    streamMaxLen: 1_000,
  };
  await ensureGroups(ingest);
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${key}` } });
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary answers
    return { status: res.status, body: (await res.json()) as any };
  };
  const emit = async (records: ReturnType<typeof aRecord>[]) => {
    for (const r of records)
      await redis.port.xaddMany(redisKeys.resultsStream(r.region), [asEntry(r)]);
    await ingestCycle(ingest);
  };
  return { d, get, emit, clock, redis };
}

describe("analytics API over ingested results", () => {
  it("answers /uptime per region or all regions with percentiles and mean phases", async () => {
    const { d, get, emit } = await setup();
    const [r1, r2] = d.regions as string[];
    const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
    const timings = (totalMs: number) => ({ dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 4, totalMs });
    await emit([
      ...Array.from({ length: 10 }, (_, i) =>
        aRecord({ domainId: d.id, region: r1!, checkedAt: at(i), timings: timings(100) }),
      ),
      aRecord({ domainId: d.id, region: r2!, checkedAt: at(1), timings: timings(300) }),
      aRecord({
        domainId: d.id,
        region: r2!,
        checkedAt: at(2),
        ok: false,
        error: { code: "TIMEOUT", message: "t" },
        timings: timings(10_000),
      }),
    ]);
    const q = `from=${at(0)}&to=${at(60)}&granularity=hour`;
    const all = await get(`/v1/domains/${d.id}/uptime?${q}`);
    expect(all.status).toBe(200);
    expect(all.body.buckets).toHaveLength(1);
    const b = all.body.buckets[0];
    expect(b).toMatchObject({ checks: 12, failures: 1 });
    expect(b.uptime).toBeCloseTo(11 / 12, 6);
    expect(Math.abs(b.p50Ms / 100 - 1)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(b.p99Ms / 300 - 1)).toBeLessThanOrEqual(0.02);
    expect(b.mean).toMatchObject({ dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 4 });
    expect(b.mean.totalMs).toBeCloseTo(1300 / 11, 2);
    const one = await get(`/v1/domains/${d.id}/uptime?${q}&region=${r2}`);
    expect(one.body.buckets[0]).toMatchObject({ checks: 2, failures: 1, uptime: 0.5 });
    const bad = await get(`/v1/domains/${d.id}/uptime?${q}&region=nowhere`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("region");
    const day = await get(
      `/v1/domains/${d.id}/uptime?from=2026-11-24&to=2026-11-25&granularity=day`,
    );
    expect(day.body.buckets[0]).toMatchObject({ checks: 12, failures: 1 });
  });

  it("keeps /status checkedAt at the latest check while the domain stays up", async () => {
    const { d, get, emit, redis } = await setup();
    const region = d.regions[0] as string;
    // consensus wrote the status when the domain came up, and has had no news since
    await redis.port.set(
      redisKeys.domainStatus(d.id),
      JSON.stringify({
        status: "up",
        since: new Date(T0).toISOString(),
        regions: {
          [region]: { ok: true, checkedAt: new Date(T0).toISOString(), error: null, latencyMs: 12 },
        },
        tls: null,
      }),
    );
    for (let minute = 1; minute <= 3; minute++) {
      const checkedAt = new Date(T0 + minute * 60_000).toISOString();
      await emit([
        aRecord({
          domainId: d.id,
          region,
          checkedAt,
          timings: { dnsMs: 1, connectMs: 1, tlsMs: 1, ttfbMs: 1, totalMs: 40 + minute },
        }),
      ]);
      const s = await get(`/v1/domains/${d.id}/status`);
      expect(s.body.status).toBe("up");
      expect(s.body.since).toBe(new Date(T0).toISOString());
      expect(s.body.regions[region]).toEqual({
        ok: true,
        checkedAt,
        error: null,
        latencyMs: 40 + minute,
      });
    }
  });

  it("answers /sla from incidents and daily roll-ups and /certificates from observations", async () => {
    const { d, get, emit } = await setup();
    const region = d.regions[0] as string;
    const tls = (fp: string) => aTlsInfo({ fingerprint256: fp });
    await emit([
      aRecord({ domainId: d.id, region, checkedAt: new Date(T0).toISOString(), tls: tls("AA") }),
      aRecord({
        domainId: d.id,
        region,
        checkedAt: new Date(T0 + 60_000).toISOString(),
        tls: tls("BB"),
      }),
    ]);
    const sla = await get(`/v1/domains/${d.id}/sla`);
    expect(sla.status).toBe(200);
    expect(sla.body.windows.map((w: { days: number }) => w.days)).toEqual([7, 30, 90, 365]);
    expect(sla.body.windows[0]).toMatchObject({
      checks: 2,
      failures: 0,
      downtimeMinutes: 0,
      incidents: 0,
    });
    const certs = await get(`/v1/domains/${d.id}/certificates`);
    expect(
      certs.body.certificates.map((c: { fingerprint256: string }) => c.fingerprint256),
    ).toEqual(["BB", "AA"]);
    expect(certs.body.certificates[1]).toMatchObject({
      firstSeen: new Date(T0).toISOString(),
      lastSeen: new Date(T0).toISOString(),
      regions: [region],
    });
    expect((await get(`/v1/domains/${randomUUID()}/sla`)).status).toBe(404);
  });
});
