import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { acknowledgeIncident, postIncidentUpdate, resolveIncident } from "../incidents/actions";
import { IncidentDetail, incidentDetail, ownIncident, UpdateState } from "../incidents/detail";
import { ErrorOut, errorResponses, IdParam, json, security } from "../openapi-common";

const NoteIn = z
  .object({ note: z.string().max(2_000).optional().openapi({ example: "looking into it" }) })
  .strict()
  .openapi("IncidentNote");
const UpdateIn = z
  .object({
    message: z
      .string()
      .min(1)
      .max(5_000)
      .openapi({ example: "The database failover finished; watching." }),
    state: UpdateState.optional().openapi({ example: "monitoring" }),
  })
  .strict()
  .openapi("IncidentUpdateInput");

const optionalBody = { content: { "application/json": { schema: NoteIn } }, required: false };

/** GET /v1/incidents/:id, and the operator's acknowledge, resolve and updates. */
export function incidentActionRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: ApiDeps,
  poke: (orgId: string) => void,
): void {
  const actDeps = { ...deps, poke };
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/incidents/{id}",
      tags: ["incidents"],
      security,
      summary: "An incident with its timeline",
      request: { params: IdParam },
      responses: { 200: json(IncidentDetail, "The incident"), ...errorResponses },
    }),
    async (c) => {
      const inc = await ownIncident(deps.db, c.get("auth").orgId, c.req.valid("param").id);
      return c.json(await incidentDetail(deps.db, inc), 200);
    },
  );

  for (const verb of ["acknowledge", "resolve"] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/v1/incidents/{id}/${verb}`,
        tags: ["incidents"],
        security,
        summary:
          verb === "acknowledge"
            ? "Acknowledge an open incident (the engine is told)"
            : "Resolve an incident by hand",
        request: { params: IdParam, body: optionalBody },
        responses: {
          200: json(IncidentDetail, "The incident after the change"),
          409: json(ErrorOut, `Already ${verb === "acknowledge" ? "acknowledged" : "resolved"}`),
          ...errorResponses,
        },
      }),
      async (c) => {
        const auth = c.get("auth");
        const inc = await ownIncident(deps.db, auth.orgId, c.req.valid("param").id);
        const note = (c.req.valid("json") as { note?: string } | undefined)?.note;
        if (verb === "acknowledge") await acknowledgeIncident(actDeps, auth, inc, note);
        else await resolveIncident(actDeps, auth, inc, note);
        const after = await ownIncident(deps.db, auth.orgId, inc.id);
        return c.json(await incidentDetail(deps.db, after), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/incidents/{id}/updates",
      tags: ["incidents"],
      security,
      summary: "Post a status update on an incident (status pages and their Atom feeds show it)",
      request: {
        params: IdParam,
        body: { content: { "application/json": { schema: UpdateIn } }, required: true },
      },
      responses: { 201: json(IncidentDetail, "The incident with the update"), ...errorResponses },
    }),
    async (c) => {
      const auth = c.get("auth");
      const inc = await ownIncident(deps.db, auth.orgId, c.req.valid("param").id);
      await postIncidentUpdate(actDeps, auth, inc, c.req.valid("json"));
      return c.json(await incidentDetail(deps.db, inc), 201);
    },
  );
}
