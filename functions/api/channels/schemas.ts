import { z } from "@hono/zod-openapi";
import { isHttpUrl } from "../domains/schemas";

const httpsUrl = z
  .string()
  .max(2048)
  .refine((u) => isHttpUrl(u) && u.startsWith("https://"), "must be an https:// URL");
const name = z.string().trim().min(1).max(200).optional();
const pushKeys = z.strictObject({
  p256dh: z.string().min(1).max(200),
  auth: z.string().min(1).max(200),
});

/** POST /v1/channels: one shape per channel type. */
export const CreateChannel = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("webhook"),
      name,
      url: z.string().max(2048).refine(isHttpUrl, "must be an http:// or https:// URL with a host"),
    }),
    z.strictObject({ type: z.literal("slack"), name, webhookUrl: httpsUrl }),
    z.strictObject({
      type: z.literal("email"),
      name,
      to: z.array(z.email()).min(1).max(10),
    }),
    z
      .strictObject({
        type: z.literal("push"),
        name,
        /** The browser's PushSubscription.toJSON(), as the dashboard posts it. */
        subscription: z
          .object({
            endpoint: httpsUrl,
            expirationTime: z.number().nullable().optional(),
            keys: pushKeys,
          })
          .optional(),
        endpoint: httpsUrl.optional(),
        keys: pushKeys.optional(),
      })
      .refine((b) => b.subscription || (b.endpoint && b.keys), {
        message: "give subscription { endpoint, keys } (or endpoint and keys)",
        path: ["subscription"],
      }),
  ])
  .openapi("CreateChannel");
export type CreateChannelBody = z.infer<typeof CreateChannel>;

/** PATCH /v1/channels/:id: name, enabled, and the type's own fields. */
export const PatchChannel = z
  .strictObject({
    name,
    enabled: z.boolean().optional(),
    url: z.string().optional(),
    webhookUrl: z.string().optional(),
    to: z.array(z.string()).optional(),
    endpoint: z.string().optional(),
    keys: z.object({ p256dh: z.string(), auth: z.string() }).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "give at least one field to change")
  .openapi("PatchChannel");
export type PatchChannelBody = z.infer<typeof PatchChannel>;

/** A channel as the API answers it (the webhook secret only once, on creation). */
export const ChannelOut = z
  .object({
    id: z.uuid(),
    type: z.enum(["webhook", "slack", "email", "push"]),
    name: z.string(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().openapi({
      description:
        "Why delivery turned the channel off (a 410, a removed push subscription, 5 days failing); null while enabled",
    }),
    config: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    secret: z.string().optional().openapi({ description: "Webhook signing secret, shown once" }),
  })
  .openapi("Channel");
export type ChannelOut = z.infer<typeof ChannelOut>;
