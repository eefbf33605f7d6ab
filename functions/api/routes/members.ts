import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, asc, eq } from "drizzle-orm";
import { memberships } from "../../../schema/control/memberships";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";
import { errorResponses, json, security } from "../openapi-common";
import { requireRole } from "../signin/roles";

const Role = z.enum(["owner", "admin", "viewer"]);
const MemberIn = z
  .object({
    subject: z.string().min(1).max(255).openapi({ example: "auth0|6543210fedcba" }),
    role: Role.openapi({ example: "admin" }),
  })
  .strict()
  .openapi("MemberInput");
const MemberOut = z
  .object({ subject: z.string(), role: Role, createdAt: z.string() })
  .openapi("Member", {
    example: { subject: "auth0|6543210fedcba", role: "admin", createdAt: "2026-11-24T10:00:00Z" },
  });
const SubjectParam = z.object({
  subject: z
    .string()
    .min(1)
    .max(255)
    .openapi({ param: { name: "subject", in: "path" }, example: "auth0|6543210fedcba" }),
});

const out = (r: typeof memberships.$inferSelect) => ({
  subject: r.subject,
  role: r.role,
  createdAt: r.createdAt.toISOString(),
});

/** POST/GET /v1/members, DELETE /v1/members/:subject: owners manage who may sign in. */
export function memberRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/members",
      tags: ["members"],
      security,
      summary: "Add a member or change a member's role (owners only)",
      description:
        "A user is the sign-in token's `sub`. Viewers read; admins write; owners also manage members, keys and the plan.",
      request: { body: { content: { "application/json": { schema: MemberIn } }, required: true } },
      responses: { 201: json(MemberOut, "The membership"), ...errorResponses },
    }),
    async (c) => {
      requireRole(c, "owner");
      const { orgId } = c.get("auth");
      const body = c.req.valid("json");
      if (body.role !== "owner") await keepAnOwner(deps, orgId, body.subject);
      const [row] = await deps.db
        .insert(memberships)
        .values({ orgId, subject: body.subject, role: body.role })
        .onConflictDoUpdate({
          target: [memberships.orgId, memberships.subject],
          set: { role: body.role },
        })
        .returning();
      return c.json(out(row!), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/members",
      tags: ["members"],
      security,
      summary: "List the organization's members",
      responses: {
        200: json(z.object({ members: z.array(MemberOut) }), "Members"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const rows = await deps.db
        .select()
        .from(memberships)
        .where(eq(memberships.orgId, c.get("auth").orgId))
        .orderBy(asc(memberships.createdAt), asc(memberships.subject));
      return c.json({ members: rows.map(out) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/members/{subject}",
      tags: ["members"],
      security,
      summary: "Remove a member (owners only; the last owner stays)",
      request: { params: SubjectParam },
      responses: {
        204: { description: "Removed" },
        409: json(z.any(), "The last owner"),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireRole(c, "owner");
      const { orgId } = c.get("auth");
      const { subject } = c.req.valid("param");
      await keepAnOwner(deps, orgId, subject);
      const gone = await deps.db
        .delete(memberships)
        .where(and(eq(memberships.orgId, orgId), eq(memberships.subject, subject)))
        .returning({ subject: memberships.subject });
      if (gone.length === 0) throw new ApiError("not_found", `no member ${subject}`, "subject");
      return c.body(null, 204);
    },
  );
}

/** Refuses to demote or remove the organization's only owner. */
async function keepAnOwner(deps: ApiDeps, orgId: string, subject: string): Promise<void> {
  const owners = await deps.db
    .select({ subject: memberships.subject })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")))
    .limit(2);
  if (owners.length === 1 && owners[0]!.subject === subject) {
    throw new ApiError("conflict", "the organization's last owner cannot be removed or demoted");
  }
}
