import { z } from "@hono/zod-openapi";

/** GET /v1/deliveries filters and paging. */
export const DeliveryQuery = z.object({
  incidentId: z.string().max(100).optional(),
  channelId: z.uuid().optional(),
  status: z.enum(["pending", "sent", "failed", "dead", "grouped"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** One attempt of a delivery. */
export const AttemptOut = z
  .object({
    attempt: z.number().int(),
    at: z.string(),
    ok: z.boolean(),
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int(),
    error: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
  })
  .openapi("DeliveryAttempt");

/** A delivery as the log shows it. */
export const DeliveryOut = z
  .object({
    id: z.uuid(),
    channelId: z.uuid(),
    type: z.string().openapi({ example: "incident.opened" }),
    kind: z.enum(["single", "storm", "summary"]),
    status: z.enum(["pending", "sent", "failed", "dead", "grouped"]),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastLatencyMs: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    domainId: z.string().nullable(),
    incidentId: z.string().nullable(),
    groupId: z
      .uuid()
      .nullable()
      .openapi({ description: "The storm or summary message it was folded into" }),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Delivery");
export type DeliveryOut = z.infer<typeof DeliveryOut>;

export const DeliveryList = z
  .object({ deliveries: z.array(DeliveryOut), nextCursor: z.string().nullable() })
  .openapi("DeliveryList");

export const DeliveryDetail = DeliveryOut.extend({ log: z.array(AttemptOut) }).openapi(
  "DeliveryDetail",
);

export const Accepted = z
  .object({ deliveryId: z.uuid(), status: z.literal("pending") })
  .openapi("DeliveryAccepted");

export const RotatedSecret = z
  .object({
    id: z.uuid(),
    secret: z.string().openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
    previousSecretExpiresAt: z.string().openapi({ description: "Until then both secrets sign" }),
  })
  .openapi("RotatedSecret");
