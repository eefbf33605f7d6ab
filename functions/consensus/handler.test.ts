import { describe, expect, it } from "vitest";
import { redisKeys } from "../../schema/redis-keys";
import { DomainStatus } from "../../schema/wire/domain-status";
import { AlertJob } from "../../schema/wire/events";
import { consensusHandler } from "./handler";
import { aConfig, anObservation, aWorld, DOMAIN, records, T0 } from "./test-support";

const MIN = 60_000;

/**
 * Two regions fail, then recover: the bodies of a short outage, in time order. A failing
 * region reports every check (once a minute); a passing one only its first pass.
 */
function outageBodies() {
  const bodies = [anObservation({ region: "sin", t: T0 + 40_000, ok: true })];
  for (let m = 0; m < 5; m++) {
    bodies.push(anObservation({ region: "ams", t: T0 + m * MIN }));
    bodies.push(anObservation({ region: "iad", t: T0 + m * MIN + 20_000 }));
  }
  bodies.push(anObservation({ region: "ams", t: T0 + 5 * MIN, ok: true }));
  bodies.push(anObservation({ region: "iad", t: T0 + 5 * MIN + 20_000, ok: true }));
  return bodies.sort((a, b) => a.t - b.t);
}

describe("consensus handler", () => {
  it("opens an incident and enqueues one incident.opened job when 2 of 3 regions fail", async () => {
    const w = await aWorld();
    const handle = consensusHandler(w.deps);
    w.clock.set(T0 + 20_000);
    const r = await handle(records(outageBodies().slice(0, 2)));
    expect(r.batchItemFailures).toEqual([]);
    const jobs = w.alerts();
    expect(jobs).toHaveLength(1);
    const job = AlertJob.parse(jobs[0]);
    expect(job).toMatchObject({
      type: "incident.opened",
      orgId: aConfig().orgId,
      domainId: DOMAIN,
      t: T0 + 20_000,
    });
    expect(job.incidentId).toBe(job.data.incidentId);
    expect(w.incidents.incidents()).toEqual([
      expect.objectContaining({
        id: job.incidentId,
        state: "open",
        regions: ["ams", "iad"],
        cause: "TIMEOUT",
      }),
    ]);
    expect(w.incidents.events().map((e) => e.type)).toEqual(["opened"]);
    // one readable log line per decision
    expect(w.log.lines.filter((l) => l.msg.startsWith("decided "))).toEqual([
      { level: "info", msg: "decided incident.opened" },
    ]);
  });

  it("changes no output when every message is delivered twice", async () => {
    const once = await aWorld();
    const twice = await aWorld();
    for (const body of outageBodies()) {
      await consensusHandler(once.deps)(records([body]));
      await consensusHandler(twice.deps)(records([body]));
      await consensusHandler(twice.deps)(records([body]));
    }
    once.clock.set(T0 + 30 * MIN);
    twice.clock.set(T0 + 30 * MIN);
    const wake = { kind: "wake", domainId: DOMAIN, at: T0 + 30 * MIN };
    await consensusHandler(once.deps)(records([wake]));
    await consensusHandler(twice.deps)(records([wake, wake]));
    expect(once.alerts().map((j) => j.type)).toEqual(["incident.opened", "incident.resolved"]);
    expect(twice.alerts()).toEqual(once.alerts());
    expect(twice.incidents.incidents()).toEqual(once.incidents.incidents());
    expect(twice.incidents.events()).toEqual(once.incidents.events());
  });

  it("resolves on scheduled wake-ups once the recovery period passed without observations", async () => {
    const w = await aWorld();
    for (const body of outageBodies()) {
      w.clock.set(body.t);
      await consensusHandler(w.deps)(records([body]));
    }
    expect(w.alerts().map((j) => j.type)).toEqual(["incident.opened"]);
    // play the scheduler: deliver each wake-up at its time, as EventBridge would
    const delivered = new Set<string>();
    for (let i = 0; i < 20 && w.alerts().length < 2; i++) {
      const due = w.scheduler.scheduled
        .filter((s) => !delivered.has(s.name))
        .sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      delivered.add(due.name);
      w.clock.set(due.at);
      await consensusHandler(w.deps)(records([due.payload]));
    }
    const resolvedAt = T0 + 5 * MIN + 2 * MIN; // ams back makes 2 of 3 up; then the recovery period
    expect(w.alerts().map((j) => [j.type, j.t])).toEqual([
      ["incident.opened", T0 + 20_000],
      ["incident.resolved", resolvedAt],
    ]);
    expect(w.incidents.incidents()[0]).toMatchObject({ state: "resolved", resolvedAt });
  });

  it("writes the status the API reads", async () => {
    const w = await aWorld();
    w.clock.set(T0 + 40_000);
    await consensusHandler(w.deps)(records(outageBodies().slice(0, 3)));
    const status = DomainStatus.parse(
      JSON.parse((await w.redis.get(redisKeys.domainStatus(DOMAIN)))!),
    );
    expect(status).toMatchObject({
      status: "down",
      since: new Date(T0 + 20_000).toISOString(),
      regions: {
        ams: { ok: false, error: "TIMEOUT", checkedAt: new Date(T0).toISOString() },
        sin: { ok: true, error: null },
      },
    });
  });

  it("drops a malformed message without failing the batch, and logs it", async () => {
    const w = await aWorld();
    const batch = records(["{nope", { domainId: DOMAIN, region: "ams" }, anObservation()]);
    const r = await consensusHandler(w.deps)(batch);
    expect(r.batchItemFailures).toEqual([]);
    expect(w.log.lines.filter((l) => l.level === "warn")).toHaveLength(2);
  });

  it("asks for every valid message again when the batch cannot be committed", async () => {
    const w = await aWorld();
    const broken = {
      ...w.deps,
      redis: { ...w.deps.redis, hset: async () => Promise.reject(new Error("redis down")) },
    };
    const batch = records(["{nope", anObservation(), anObservation({ region: "iad" })]);
    const r = await consensusHandler(broken)(batch);
    expect(r.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      batch[1]!.messageId,
      batch[2]!.messageId,
    ]);
    // nothing reached the alerts queue before the state was saved; the retry pages once
    expect(w.alerts()).toEqual([]);
    await consensusHandler(w.deps)(batch.slice(1));
    expect(w.alerts().filter((j) => j.type === "incident.opened")).toHaveLength(1);
  });

  it("ignores observations of a paused domain and of an unknown one", async () => {
    const w = await aWorld([aConfig({ paused: true })]);
    await consensusHandler(w.deps)(
      records([...outageBodies(), anObservation({ domainId: "unknown" })]),
    );
    expect(w.alerts()).toEqual([]);
  });

  it("ignores a probe region failing every domain, though the others stay silent while up", async () => {
    const multi = ["a", "b", "c"].map((x) => `00000000-0000-4000-8000-00000000000${x}`);
    const solo = "00000000-0000-4000-8000-00000000000f";
    const w = await aWorld([
      ...multi.map((id) => aConfig({ id })),
      aConfig({ id: solo, regions: ["ams"] }),
    ]);
    for (let m = 0; m < 10; m++) {
      const failures = [...multi, solo].map((domainId, i) =>
        anObservation({
          domainId,
          region: "ams",
          t: T0 + m * MIN + i * 1_000,
          error: "CONNECTION_RESET",
        }),
      );
      w.clock.set(T0 + m * MIN + 5_000);
      await consensusHandler(w.deps)(records(failures));
    }
    expect(w.alerts().filter((j) => j.type === "incident.opened")).toEqual([]);
    const status = JSON.parse((await w.redis.get(redisKeys.domainStatus(multi[0]!)))!);
    expect(Object.keys(status.regions)).toEqual(["ams"]); // presumed votes are not shown as checks
  });
});
