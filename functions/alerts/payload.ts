import type { DeliveryPayload } from "../../schema/control/deliveries";
import type { AlertJob } from "../../schema/wire/events";

/** Webhook bodies stay under this (the limit); grouped lists are cut to fit. */
export const MAX_BODY_BYTES = 20_000;

/** The payload of one alert job: `{ type, timestamp, data }` with the ids in data. */
export function jobPayload(job: AlertJob): DeliveryPayload {
  return {
    type: job.type,
    timestamp: new Date(job.t).toISOString(),
    data: {
      ...job.data,
      domainId: job.domainId,
      ...(job.incidentId ? { incidentId: job.incidentId } : {}),
    },
  };
}

/** The `test` event POST /v1/channels/:id/test sends. */
export function testPayload(now: number, channelId: string): DeliveryPayload {
  return {
    type: "test",
    timestamp: new Date(now).toISOString(),
    data: { channelId, message: "A test notification from DomainPilot" },
  };
}

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

/**
 * One payload for many events: a storm keeps the members' type (every member has it), a
 * rate-limit summary is `summary`. `data.events` lists as many as fit the size limit and
 * `data.omitted` counts the rest, so the body never passes MAX_BODY_BYTES.
 */
export function groupPayload(
  kind: "storm" | "summary",
  type: string,
  members: DeliveryPayload[],
  now: number,
): DeliveryPayload {
  const events = members.map((m) => ({ type: m.type, timestamp: m.timestamp, ...m.data }));
  const base = {
    type: kind === "storm" ? type : "summary",
    timestamp: new Date(now).toISOString(),
  };
  let kept = events;
  const make = (list: typeof events) => ({
    ...base,
    data: {
      grouped: kind,
      count: events.length,
      omitted: events.length - list.length,
      events: list,
    },
  });
  while (kept.length > 0 && bytes(make(kept)) > MAX_BODY_BYTES - 512) {
    kept = kept.slice(0, Math.floor(kept.length * 0.9));
  }
  return make(kept);
}
