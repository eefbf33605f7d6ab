import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "../auth";
import {
  Accepted,
  DeliveryDetail,
  DeliveryList,
  DeliveryQuery,
  RotatedSecret,
} from "../deliveries/schemas";
import {
  getDelivery,
  listDeliveries,
  retryDelivery,
  rotateSecret,
  testChannel,
} from "../deliveries/service";
import { WEBHOOK_EVENTS } from "../deliveries/webhook-schemas";
import type { ApiDeps } from "../deps";
import { ErrorOut, errorResponses, existingId, IdParam, json, security } from "../openapi-common";
import { decodeCursor } from "../pagination";
import { WEBHOOKS } from "./channels";

/** The delivery log, retries, channel tests and secret rotation; and the webhook bodies' schemas. */
export function deliveryRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const tags = ["deliveries"];
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/deliveries",
      tags,
      security,
      summary: "The delivery log, newest first",
      request: { query: DeliveryQuery },
      responses: { 200: json(DeliveryList, "A page"), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      return c.json(await listDeliveries(deps, c.get("auth"), q, after), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/deliveries/{id}",
      tags,
      security,
      summary: "One delivery with every attempt",
      request: { params: IdParam },
      responses: { 200: json(DeliveryDetail, "The delivery"), ...errorResponses },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "delivery");
      return c.json(await getDelivery(deps, c.get("auth"), id), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/deliveries/{id}/retry",
      tags,
      security,
      summary: "Send a failed or dead delivery again",
      request: { params: IdParam },
      responses: {
        202: json(Accepted, "Due now; the delivery sweep sends it"),
        409: json(ErrorOut, "Not failed or dead"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "delivery");
      return c.json(await retryDelivery(deps, c.get("auth"), id), 202);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/channels/{id}/test",
      tags: ["channels"],
      security,
      summary: "Deliver a `test` event to the channel",
      request: { params: IdParam },
      responses: {
        202: json(Accepted, "Queued; see GET /v1/deliveries/{deliveryId}"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "channel");
      return c.json(await testChannel(deps, c.get("auth"), id), 202);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/channels/{id}/rotate-secret",
      tags: ["channels"],
      security,
      summary: "Replace a webhook's signing secret; the old one signs beside it for 24 h",
      description: WEBHOOKS,
      request: { params: IdParam },
      responses: { 200: json(RotatedSecret, "The new secret, shown once"), ...errorResponses },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "channel");
      return c.json(await rotateSecret(deps, c.get("auth"), id), 200);
    },
  );
  for (const w of WEBHOOK_EVENTS) {
    app.openAPIRegistry.registerWebhook({
      method: "post",
      path: w.type,
      tags: ["webhooks"],
      summary: `Webhook: ${w.type}`,
      description: WEBHOOKS,
      request: { body: { content: { "application/json": { schema: w.schema } }, required: true } },
      responses: {
        200: { description: "Any 2xx within 15 s acknowledges; anything else is retried" },
      },
    });
  }
}
