import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigratedMemory } from "../../adapters/db/migrated-memory";
import type { DatabaseHandle } from "../../adapters/db/types";
import { domains } from "../../schema/control/domains";
import { incidentEvents } from "../../schema/control/incident-events";
import { incidents } from "../../schema/control/incidents";
import { organizations } from "../../schema/control/organizations";
import { incidentId } from "../alerting/incident-id";
import { drizzleIncidentStore } from "./drizzle-incident-store";
import type { IncidentEventRow, IncidentRow } from "./incident-store";
import { DOMAIN, ORG, T0 } from "./test-support";

let h: DatabaseHandle;
const ID = incidentId(DOMAIN, 1);

function aRow(over: Partial<IncidentRow> = {}): IncidentRow {
  return {
    id: ID,
    orgId: ORG,
    domainId: DOMAIN,
    state: "open",
    regions: ["ams", "iad"],
    cause: "TIMEOUT",
    openedAt: T0,
    acknowledgedAt: null,
    resolvedAt: null,
    lastSequence: 1,
    ...over,
  };
}
function anEvent(over: Partial<IncidentEventRow> = {}): IncidentEventRow {
  return {
    incidentId: ID,
    sequence: 1,
    type: "opened",
    fromState: null,
    toState: "open",
    at: T0,
    data: {},
    ...over,
  };
}

beforeAll(async () => {
  h = await openMigratedMemory("control");
  await h.db.insert(organizations).values({ id: ORG, name: "acme" });
  await h.db
    .insert(domains)
    .values({ id: DOMAIN, orgId: ORG, url: "https://example.com/", name: "x", regions: ["ams"] });
});
afterAll(async () => {
  await h.close();
});

describe("Drizzle incident store (PGlite)", () => {
  it("stores an incident with its derived UUID and appends its events once", async () => {
    const store = drizzleIncidentStore(h.db);
    await store.save({ incidents: [aRow()], closures: [], events: [anEvent()] });
    await store.save({ incidents: [aRow()], closures: [], events: [anEvent()] });
    const rows = await h.db.select().from(incidents);
    expect(rows).toEqual([
      expect.objectContaining({ id: ID, state: "open", regions: ["ams", "iad"], lastSequence: 1 }),
    ]);
    expect(await h.db.select().from(incidentEvents)).toHaveLength(1);
  });

  it("never lets an older write roll a newer state back", async () => {
    const store = drizzleIncidentStore(h.db);
    const resolved = aRow({ state: "resolved", resolvedAt: T0 + 60_000, lastSequence: 3 });
    await store.save({
      incidents: [resolved],
      closures: [],
      events: [
        anEvent({ sequence: 3, type: "resolved", fromState: "recovering", toState: "resolved" }),
      ],
    });
    await store.save({
      incidents: [aRow({ state: "recovering", lastSequence: 2 })],
      closures: [],
      events: [],
    });
    const [row] = await h.db.select().from(incidents);
    expect(row).toMatchObject({
      state: "resolved",
      lastSequence: 3,
      resolvedAt: new Date(T0 + 60_000),
    });
  });

  it("closes a superseded incident without its full row", async () => {
    const store = drizzleIncidentStore(h.db);
    const other = incidentId(DOMAIN, 2);
    await store.save({
      incidents: [aRow({ id: other, lastSequence: 5 })],
      closures: [],
      events: [],
    });
    await store.save({
      incidents: [],
      closures: [{ id: other, resolvedAt: T0 + 5_000, lastSequence: 6 }],
      events: [],
    });
    const rows = await h.db.select().from(incidents);
    expect(rows.find((r) => r.id === other)).toMatchObject({ state: "resolved", lastSequence: 6 });
  });
});
