import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { DomainOut, domainSchemas } from "../domains/schemas";
import {
  createDomain,
  deleteDomain,
  getDomain,
  listDomains,
  updateDomain,
} from "../domains/service";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";
import { decodeCursor, PageQuery } from "../pagination";

const DomainList = z
  .object({ domains: z.array(DomainOut), nextCursor: z.string().nullable() })
  .openapi("DomainList");

/** Domains CRUD under /v1/domains. */
export function domainRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const { CreateDomain, PatchDomain } = domainSchemas(deps.config);
  const tags = ["domains"];

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/domains",
      tags,
      security,
      summary: "Monitor a URL",
      request: { body: { ...json(CreateDomain, "The domain"), required: true } },
      responses: { 201: json(DomainOut, "Created, and pushed to the probes"), ...errorResponses },
    }),
    async (c) => c.json(await createDomain(deps, c.get("auth"), c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/domains",
      tags,
      security,
      summary: "List domains, oldest first, a page at a time",
      request: { query: PageQuery },
      responses: { 200: json(DomainList, "A page"), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      return c.json(await listDomains(deps, c.get("auth"), q.limit, after), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/domains/{id}",
      tags,
      security,
      summary: "One domain",
      request: { params: IdParam },
      responses: { 200: json(DomainOut, "The domain"), ...errorResponses },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "domain");
      return c.json(await getDomain(deps, c.get("auth"), id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/domains/{id}",
      tags,
      security,
      summary: "Change some fields of a domain",
      request: {
        params: IdParam,
        body: { ...json(PatchDomain, "Fields to change"), required: true },
      },
      responses: { 200: json(DomainOut, "Updated, and pushed to the probes"), ...errorResponses },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "domain");
      return c.json(await updateDomain(deps, c.get("auth"), id, c.req.valid("json")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/domains/{id}",
      tags,
      security,
      summary: "Stop monitoring a domain",
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "domain");
      await deleteDomain(deps, c.get("auth"), id);
      return c.body(null, 204);
    },
  );
}
