import { describe, expect, it } from "vitest";
import { groupPayload, jobPayload, MAX_BODY_BYTES } from "./payload";

describe("webhook payloads", () => {
  it("carry { type, timestamp, data } with the ids in data", () => {
    const p = jobPayload({
      id: "d1:3",
      type: "incident.opened",
      orgId: "o1",
      domainId: "d1",
      incidentId: "i1",
      t: Date.parse("2026-01-01T00:00:00Z"),
      data: { regions: ["ams"] },
    });
    expect(p).toEqual({
      type: "incident.opened",
      timestamp: "2026-01-01T00:00:00.000Z",
      data: { regions: ["ams"], domainId: "d1", incidentId: "i1" },
    });
  });

  it("cut a grouped list to stay under 20 KB and count what was left out", () => {
    const members = Array.from({ length: 2000 }, (_, i) => ({
      type: "incident.opened",
      timestamp: "2026-01-01T00:00:00.000Z",
      data: { domainId: `domain-${i}`, incidentId: `incident-${i}`, regions: ["ams", "iad"] },
    }));
    const p = groupPayload("storm", "incident.opened", members, 0);
    const events = p.data.events as unknown[];
    expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThan(MAX_BODY_BYTES);
    expect(p.data.count).toBe(2000);
    expect(p.data.omitted).toBe(2000 - events.length);
    expect(events.length).toBeGreaterThan(50);
    expect(groupPayload("summary", "summary", members.slice(0, 3), 0)).toMatchObject({
      type: "summary",
      data: { count: 3, omitted: 0 },
    });
  });
});
