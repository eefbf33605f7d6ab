import { describe, expect, it } from "vitest";
import type { Observation } from "../../schema/wire/observation";
import { aDbWorld } from "./db-world";
import { consensusHandler } from "./handler";
import { aConfig, anObservation, records, T0 } from "./test-support";

const MIN = 60_000;
type World = Awaited<ReturnType<typeof aDbWorld>>;

/** Every region in `regions` reports each minute of [from, to), failing unless `ok`. */
function minutes(regions: string[], from: number, to: number, over: Partial<Observation> = {}) {
  const out: Observation[] = [];
  for (let t = from; t < to; t += MIN)
    for (const [i, region] of regions.entries())
      out.push(anObservation({ region, t: t + i * 1_000, ...over }));
  return out;
}

/** One batch per minute, as a consumer polling the queue would see them. */
async function deliver(w: World, bodies: Observation[]) {
  const byMinute = new Map<number, Observation[]>();
  for (const b of bodies) {
    const m = Math.floor(b.t / MIN);
    byMinute.set(m, [...(byMinute.get(m) ?? []), b]);
  }
  for (const batch of byMinute.values()) {
    w.clock.set(Math.max(w.clock.now(), ...batch.map((b) => b.t)));
    expect((await consensusHandler(w.deps)(records(batch))).batchItemFailures).toEqual([]);
  }
}

const types = (w: World) => w.alerts().map((j) => j.type as string);
const TLS = { daysToExpiry: 10, fingerprint256: "ab:cd", authorized: true, error: null };

describe("a Redis wipe and what was already sent", () => {
  it("a wipe mid-flap does not page the next outage", async () => {
    const regions = ["ams", "iad"];
    const w = await aDbWorld([aConfig({ regions })]);
    // outages of 3 minutes every 8 minutes: the third opening within the hour starts flapping
    let t = T0;
    for (let i = 0; i < 3; i++) {
      await deliver(w, minutes(regions, t, t + 3 * MIN));
      await deliver(w, minutes(regions, t + 3 * MIN, t + 8 * MIN, { ok: true }));
      t += 8 * MIN;
    }
    expect(types(w)).toContain("flapping.started");
    const before = types(w).length;
    w.redis.wipe();
    await deliver(w, minutes(regions, t, t + 3 * MIN));
    await deliver(w, minutes(regions, t + 3 * MIN, t + 6 * MIN, { ok: true }));
    expect(types(w).slice(before)).not.toContain("incident.opened");
    await w.h.close();
  }, 60_000); // a hundred batches on PGlite

  it("a wipe after an SSL notice does not send it again", async () => {
    const w = await aDbWorld([aConfig({ regions: ["ams", "iad"] })]);
    await deliver(w, minutes(["ams", "iad"], T0, T0 + 2 * MIN, { ok: true, tls: TLS }));
    expect(types(w)).toEqual(["ssl.expiring"]);
    w.redis.wipe();
    await deliver(w, minutes(["ams", "iad"], T0 + 2 * MIN, T0 + 4 * MIN, { ok: true, tls: TLS }));
    expect(types(w)).toEqual(["ssl.expiring"]);
    // the next threshold is still announced, once
    const nearer = { ...TLS, daysToExpiry: 6 };
    await deliver(
      w,
      minutes(["ams", "iad"], T0 + 4 * MIN, T0 + 6 * MIN, { ok: true, tls: nearer }),
    );
    expect(types(w)).toEqual(["ssl.expiring", "ssl.expiring"]);
    await w.h.close();
  });

  it("a wipe during a degraded episode does not send its notice again", async () => {
    const w = await aDbWorld([aConfig({ regions: ["ams", "iad", "sin"] })]);
    const episode = (from: number, to: number) => [
      ...minutes(["ams"], from, to),
      ...minutes(["iad", "sin"], from, to, { ok: true }).map((o) => ({ ...o, t: o.t + 500 })),
    ];
    const ordered = (xs: Observation[]) => xs.sort((a, b) => a.t - b.t);
    await deliver(w, ordered(episode(T0, T0 + 15 * MIN)));
    expect(types(w)).toEqual(["degraded"]);
    w.redis.wipe();
    await deliver(w, ordered(episode(T0 + 15 * MIN, T0 + 40 * MIN)));
    expect(types(w)).toEqual(["degraded"]);
    await w.h.close();
  });
});
