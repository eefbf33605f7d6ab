import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../adapters/db/migrate";
import { openDatabase } from "../../adapters/db/open";
import type { DatabaseHandle } from "../../adapters/db/types";
import { domains } from "../../schema/control/domains";
import { organizations } from "../../schema/control/organizations";
import type { AlertJob } from "../../schema/wire/events";
import { drizzleIncidentStore } from "./drizzle-incident-store";
import { type IncidentStore, memoryIncidentStore } from "./incident-store";
import { DOMAIN, ORG, T0 } from "./test-support";

const jobs = (from: number, n: number): AlertJob[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${DOMAIN}:${from + i}`,
    type: "incident.opened",
    orgId: ORG,
    domainId: DOMAIN,
    incidentId: null,
    t: T0 + from + i,
    data: {},
  }));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The outbox relay of an IncidentStore: what two shards relaying at the same moment, a failed
 * send and a later relay hand to the alerts queue. `open` gives the store (and a close).
 */
export function relaySuite(
  name: string,
  open: () => Promise<{ store: IncidentStore; close(): Promise<void> }>,
) {
  describe(`outbox relay (${name})`, () => {
    let store: IncidentStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(async () => close());

    it("hands every job once when two relays run at the same time", async () => {
      await store.commit([
        {
          domainId: DOMAIN,
          changes: { incidents: [], closures: [], events: [] },
          jobs: jobs(1, 30),
        },
      ]);
      const sent: string[][] = [];
      const relay = () =>
        store.relay(
          20,
          async (js) => {
            await pause(50); // the queue call takes a while: the other relay runs meanwhile
            sent.push(js.map((j) => j.id));
          },
          T0,
        );
      const counts = await Promise.all([relay(), relay()]);
      const all = sent.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(all.length);
      // whatever the two did not take, the next relay does; then nothing is left
      await store.relay(20, async (js) => void sent.push(js.map((j) => j.id)), T0);
      expect(new Set(sent.flat())).toEqual(new Set(jobs(1, 30).map((j) => j.id)));
      expect(sent.flat()).toHaveLength(30);
      expect(await store.relay(20, async () => {}, T0)).toBe(0);
    });

    it("keeps the jobs of a failed send for the next relay", async () => {
      await store.commit([
        {
          domainId: DOMAIN,
          changes: { incidents: [], closures: [], events: [] },
          jobs: jobs(100, 3),
        },
      ]);
      await expect(
        store.relay(
          10,
          async () => {
            throw new Error("queue down");
          },
          T0,
        ),
      ).rejects.toThrow("queue down");
      const again: string[] = [];
      expect(await store.relay(10, async (js) => void again.push(...js.map((j) => j.id)), T0)).toBe(
        3,
      );
      expect(again).toEqual(jobs(100, 3).map((j) => j.id));
    });
  });
}

/** The Drizzle store on the database `url` gives ("" for PGlite), migrated, with the domain. */
export async function drizzleStoreOn(url: string, drop: () => Promise<void> = async () => {}) {
  const h: DatabaseHandle = await openDatabase(url, { maxConnections: 4 });
  await migrateDatabase(h, "control");
  await h.db.insert(organizations).values({ id: ORG, name: "acme" });
  await h.db.insert(domains).values({
    id: DOMAIN,
    orgId: ORG,
    url: "https://example.test/",
    name: "example",
    regions: ["ams"],
  });
  return {
    store: drizzleIncidentStore(h.db),
    close: async () => {
      await h.close();
      await drop();
    },
  };
}

/** The in-memory store, for the same suite. */
export async function memoryStore() {
  return { store: memoryIncidentStore() as IncidentStore, close: async () => {} };
}
