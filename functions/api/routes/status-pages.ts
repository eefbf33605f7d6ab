import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";
import { CreateStatusPage, PatchStatusPage, StatusPageOut } from "../status-pages/schemas";
import {
  createStatusPage,
  deleteStatusPage,
  getStatusPage,
  listStatusPages,
  updateStatusPage,
} from "../status-pages/service";

const StatusPageList = z.object({ statusPages: z.array(StatusPageOut) }).openapi("StatusPageList");

const SERVED =
  "The page is public at `/status/<slug>` (HTML), `/status/<slug>.json` and " +
  "`/status/<slug>/feed.atom`; with a `customHostname` (a CNAME to the status host) also at " +
  "`https://<customHostname>/`. Changes reach the edge within its 30 s cache.";

/** Status pages CRUD under /v1/status-pages; each change is published to the edge. */
export function statusPageRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const tags = ["status pages"];
  const id = (c: { req: { valid(t: "param"): { id: string } } }) =>
    existingId(c.req.valid("param").id, "status page");
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/status-pages",
      tags,
      security,
      summary: "Create a public status page",
      description: SERVED,
      request: { body: { ...json(CreateStatusPage, "The page"), required: true } },
      responses: { 201: json(StatusPageOut, "Created"), ...errorResponses },
    }),
    async (c) => c.json(await createStatusPage(deps, c.get("auth"), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/status-pages",
      tags,
      security,
      summary: "List status pages",
      responses: { 200: json(StatusPageList, "The pages"), ...errorResponses },
    }),
    async (c) => c.json(await listStatusPages(deps, c.get("auth")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/status-pages/{id}",
      tags,
      security,
      summary: "One status page",
      request: { params: IdParam },
      responses: { 200: json(StatusPageOut, "The page"), ...errorResponses },
    }),
    async (c) => c.json(await getStatusPage(deps, c.get("auth"), id(c)), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/status-pages/{id}",
      tags,
      security,
      summary: "Rename, re-slug, re-list or re-host a status page",
      request: {
        params: IdParam,
        body: { ...json(PatchStatusPage, "Fields to change"), required: true },
      },
      responses: { 200: json(StatusPageOut, "Updated"), ...errorResponses },
    }),
    async (c) =>
      c.json(await updateStatusPage(deps, c.get("auth"), id(c), c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/status-pages/{id}",
      tags,
      security,
      summary: "Delete a status page",
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await deleteStatusPage(deps, c.get("auth"), id(c));
      return c.body(null, 204);
    },
  );
}
