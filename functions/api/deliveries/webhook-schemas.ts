import { z } from "@hono/zod-openapi";

const ids = { domainId: z.string().openapi({ example: "5b0f4c57-4f0e-4a3c-9b8e-0d1e2f3a4b5c" }) };
const incidentId = z.string().openapi({ example: "1f6d2b8e-3c4a-4e5f-8a9b-0c1d2e3f4a5b" });
const regions = z.array(z.string()).openapi({ example: ["ams", "iad"] });
const when = "2026-01-01T12:00:00.000Z";

/** The `data` of each webhook event type, as the alert engine fills it (extra fields may appear). */
const DATA = {
  "incident.opened": z.looseObject({
    ...ids,
    incidentId,
    regions,
    error: z.string().nullable().optional(),
  }),
  "incident.resolved": z.looseObject({ ...ids, incidentId, regions }),
  "flapping.started": z.looseObject({
    ...ids,
    state: z.enum(["up", "down"]),
    reason: z.string().optional(),
    percentStateChange: z.number().optional(),
    incidentId: incidentId.optional(),
  }),
  "flapping.ended": z.looseObject({
    ...ids,
    state: z.enum(["up", "down"]),
    since: z.number().optional(),
    resolvedIncidentIds: z.array(z.string()).optional(),
  }),
  digest: z.looseObject({
    ...ids,
    from: z.number(),
    opens: z.number().int(),
    downtimeMinutes: z.number().int(),
    regions,
    worstError: z.string().nullable(),
  }),
  "ssl.expiring": z.looseObject({
    ...ids,
    fingerprint256: z.string(),
    daysToExpiry: z.number(),
    thresholdDays: z.number().int(),
  }),
  "ssl.invalid": z.looseObject({ ...ids, fingerprint256: z.string(), error: z.string(), regions }),
  degraded: z.looseObject({
    ...ids,
    regions,
    reason: z.enum(["below-quorum", "region-unhealthy"]),
    quorum: z.number().int().optional(),
  }),
  test: z.object({ channelId: z.string(), message: z.string() }),
  summary: z.object({
    grouped: z.enum(["storm", "summary"]),
    count: z.number().int(),
    omitted: z
      .number()
      .int()
      .openapi({ description: "Events left out to keep the body under 20 KB" }),
    events: z.array(z.looseObject({ type: z.string(), timestamp: z.string() })),
  }),
} as const;

const EXAMPLES: Record<keyof typeof DATA, Record<string, unknown>> = {
  "incident.opened": {
    domainId: "d-1",
    incidentId: "i-1",
    regions: ["ams", "iad"],
    error: "TIMEOUT",
  },
  "incident.resolved": { domainId: "d-1", incidentId: "i-1", regions: ["ams", "iad"] },
  "flapping.started": {
    domainId: "d-1",
    state: "down",
    reason: "state-changes",
    percentStateChange: 42.5,
  },
  "flapping.ended": { domainId: "d-1", state: "up", since: 1767268800000 },
  digest: {
    domainId: "d-1",
    from: 1767268800000,
    opens: 4,
    downtimeMinutes: 12,
    regions: ["sin"],
    worstError: "HTTP_5XX",
  },
  "ssl.expiring": { domainId: "d-1", fingerprint256: "AB:CD:…", daysToExpiry: 7, thresholdDays: 7 },
  "ssl.invalid": {
    domainId: "d-1",
    fingerprint256: "AB:CD:…",
    error: "CERT_EXPIRED",
    regions: ["ams", "iad"],
  },
  degraded: { domainId: "d-1", regions: ["sin"], reason: "below-quorum", quorum: 2 },
  test: { channelId: "c-1", message: "A test notification from DomainPilot" },
  summary: {
    grouped: "summary",
    count: 2,
    omitted: 0,
    events: [{ type: "degraded", timestamp: when, domainId: "d-1" }],
  },
};

/** The JSON Schema of every webhook body `{ type, timestamp, data }`, one per type, with an example. */
export const WEBHOOK_EVENTS = Object.entries(DATA).map(([type, data]) => {
  const name = `WebhookEvent_${type.replace(/\./g, "_")}`;
  const schema = z
    .object({ type: z.literal(type), timestamp: z.string().openapi({ example: when }), data })
    .openapi(name, {
      description:
        type === "summary"
          ? "Many events in one message: a rate-limit summary (type `summary`). A storm's grouped message has the same data but keeps its members' type (incident.opened or incident.resolved)."
          : `The \`${type}\` event`,
      example: { type, timestamp: when, data: EXAMPLES[type as keyof typeof DATA] },
    });
  return { type, name, schema };
});
