import { describe, expect, it } from "vitest";
import { redisKeys } from "../../schema/redis-keys";
import { runConsensus } from "./run";
import { anObservation, aWorld } from "./test-support";

describe("the status written for the API", () => {
  it("dates `since` from the domain's first result, not from the epoch, on a fresh engine", async () => {
    const w = await aWorld();
    const obs = anObservation({ ok: true });
    await runConsensus(w.deps, { observations: [obs], wakes: [] });
    const status = JSON.parse((await w.redis.get(redisKeys.domainStatus(obs.domainId)))!);
    expect(status.status).toBe("up");
    expect(Date.parse(status.since)).toBe(obs.t);
  });
});
