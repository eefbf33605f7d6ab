import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../auth";
import { ChannelOut, CreateChannel, PatchChannel } from "../channels/schemas";
import {
  createChannel,
  deleteChannel,
  getChannel,
  listChannels,
  updateChannel,
} from "../channels/service";
import type { ApiDeps } from "../deps";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";
import { decodeCursor, PageQuery } from "../pagination";

const ChannelList = z
  .object({ channels: z.array(ChannelOut), nextCursor: z.string().nullable() })
  .openapi("ChannelList");

/** How a webhook channel's deliveries are signed (Standard Webhooks), for the reference. */
export const WEBHOOKS =
  "Webhook deliveries follow Standard Webhooks: a POST with headers `webhook-id`, " +
  "`webhook-timestamp` (seconds since epoch) and `webhook-signature: v1,<base64 HMAC-SHA256>` " +
  "of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the channel's secret (the base64 " +
  "after `whsec_`), and a JSON body `{ type, timestamp, data }`. The secret is answered once, " +
  "when the channel is created.";

/** Alert channels CRUD under /v1/channels. */
export function channelRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const tags = ["channels"];
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/channels",
      tags,
      security,
      summary: "Add a webhook, Slack, email or push channel",
      description: WEBHOOKS,
      request: { body: { ...json(CreateChannel, "The channel"), required: true } },
      responses: {
        201: json(ChannelOut, "Created; a webhook's secret is shown once"),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await createChannel(deps, c.get("auth"), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/channels",
      tags,
      security,
      summary: "List channels",
      request: { query: PageQuery },
      responses: { 200: json(ChannelList, "A page"), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      return c.json(await listChannels(deps, c.get("auth"), q.limit, after), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/channels/{id}",
      tags,
      security,
      summary: "One channel",
      request: { params: IdParam },
      responses: { 200: json(ChannelOut, "The channel"), ...errorResponses },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "channel");
      return c.json(await getChannel(deps, c.get("auth"), id), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/channels/{id}",
      tags,
      security,
      summary: "Rename, enable or disable, or re-point a channel",
      request: {
        params: IdParam,
        body: { ...json(PatchChannel, "Fields to change"), required: true },
      },
      responses: { 200: json(ChannelOut, "Updated"), ...errorResponses },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "channel");
      return c.json(await updateChannel(deps, c.get("auth"), id, c.req.valid("json")), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/channels/{id}",
      tags,
      security,
      summary: "Delete a channel",
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await deleteChannel(deps, c.get("auth"), existingId(c.req.valid("param").id, "channel"));
      return c.body(null, 204);
    },
  );
}
