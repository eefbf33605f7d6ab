import { describe, expect, it } from "vitest";
import type { OperatorAction } from "../../schema/wire/operator-action";
import { consensusHandler } from "./handler";
import { aConfig, anObservation, aWorld, DOMAIN, records, T0 } from "./test-support";

const MIN = 60_000;

/** Two of three regions fail at T0 for `minutes`, then recover. */
function outage(minutes: number) {
  const end = T0 + minutes * MIN;
  return [
    anObservation({ region: "ams", t: T0 }),
    anObservation({ region: "iad", t: T0 + 20_000 }),
    anObservation({ region: "sin", t: T0 + 40_000, ok: true }),
    anObservation({ region: "ams", t: end, ok: true }),
    anObservation({ region: "iad", t: end + 20_000, ok: true }),
    // time passes: the recovery period ends and the window (if any) closes
    { kind: "wake", domainId: DOMAIN, at: T0 + 60 * MIN },
  ];
}

async function sendAll(configOver: Parameters<typeof aConfig>[0], bodies: unknown[]) {
  const w = await aWorld([aConfig(configOver)]);
  const handle = consensusHandler(w.deps);
  for (const b of bodies) {
    const t = (b as { t?: number; at?: number }).t ?? (b as { at: number }).at;
    w.clock.set(t);
    await handle(records([b]));
  }
  return { w, types: w.alerts().map((j) => j.type) };
}

describe("operator actions reach the engine through the consensus queue", () => {
  it("sends opened and resolved for an outage without maintenance (the baseline)", async () => {
    const { types } = await sendAll({}, outage(10));
    expect(types).toEqual(["incident.opened", "incident.resolved"]);
  });

  it("holds every notification of an outage inside a maintenance window from DomainConfig", async () => {
    const maintenance = [{ from: T0 - MIN, to: T0 + 30 * MIN }];
    const { types, w } = await sendAll({ maintenance }, outage(10));
    expect(types).toEqual([]);
    // the stream still shows the truth: the incident opened and resolved
    expect(w.incidents.feed().map((e) => e.type)).toContain("incident.opened");
  });

  it("drops notifications while the domain is muted, and sends again once the mute ends", async () => {
    const muted = await sendAll({ mutedUntil: T0 + 30 * MIN }, outage(10));
    expect(muted.types).toEqual([]);
    const expired = await sendAll({ mutedUntil: T0 - MIN }, outage(10));
    expect(expired.types).toEqual(["incident.opened", "incident.resolved"]);
  });

  it("acknowledges the open incident: the engine records the transition once, however often the message comes", async () => {
    const w = await aWorld();
    const handle = consensusHandler(w.deps);
    const [a, b] = outage(10);
    w.clock.set(T0 + 20_000);
    await handle(records([a, b]));
    const incidentId = w.incidents.incidents()[0]!.id;
    const ack: OperatorAction = {
      kind: "operator",
      action: "acknowledge",
      domainId: DOMAIN,
      incidentId,
      at: T0 + 2 * MIN,
    };
    w.clock.set(T0 + 2 * MIN);
    expect((await handle(records([ack]))).batchItemFailures).toEqual([]);
    expect(w.incidents.incidents()[0]).toMatchObject({ state: "acknowledged" });
    expect(w.incidents.events().map((e) => e.type)).toEqual(["opened", "acknowledged"]);
    const feed = w.incidents.feed().filter((e) => e.type === "incident.acknowledged");
    expect(feed).toEqual([expect.objectContaining({ key: `${incidentId}:acknowledged` })]);
    // a redelivered acknowledgement changes nothing
    await handle(records([ack]));
    expect(w.incidents.events().map((e) => e.type)).toEqual(["opened", "acknowledged"]);
  });

  it("ignores an acknowledgement of an incident that is no longer the domain's", async () => {
    const w = await aWorld();
    const handle = consensusHandler(w.deps);
    const [a, b] = outage(10);
    w.clock.set(T0 + 20_000);
    await handle(records([a, b]));
    const ack = {
      kind: "operator",
      action: "acknowledge",
      domainId: DOMAIN,
      incidentId: "other",
      at: T0 + MIN,
    };
    await handle(records([ack]));
    expect(w.incidents.incidents()[0]).toMatchObject({ state: "open" });
  });

  it("appends domain.status to the stream when the status changes, once per change", async () => {
    const { w } = await sendAll({}, outage(10));
    const statuses = w.incidents
      .feed()
      .filter((e) => e.type === "domain.status")
      .map((e) => (e.data as { status: string }).status);
    expect(statuses.slice(-2)).toEqual(["down", "up"]);
    expect(new Set(w.incidents.feed().map((e) => e.key)).size).toBe(w.incidents.feed().length);
  });
});
