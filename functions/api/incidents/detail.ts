import { z } from "@hono/zod-openapi";
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../../adapters/db/types";
import { incidentState } from "../../../schema/control/enums";
import { incidentEvents } from "../../../schema/control/incident-events";
import { incidentUpdates } from "../../../schema/control/incident-updates";
import { type Incident, incidents } from "../../../schema/control/incidents";
import { ApiError } from "../errors";
import { existingId } from "../openapi-common";

/** Status-page states of an operator's update. */
export const UpdateState = z.enum(["investigating", "identified", "monitoring", "resolved"]);

const TimelineEntry = z
  .object({
    seq: z.number().int(),
    type: z.string().openapi({ example: "opened" }),
    at: z.string(),
    source: z.enum(["engine", "operator"]),
    fromState: z.string().nullable().optional(),
    toState: z.string().nullable().optional(),
    message: z.string().nullable().optional(),
    state: z.string().nullable().optional(),
    actor: z.string().optional(),
  })
  .openapi("IncidentTimelineEntry");

/** An incident with its timeline, oldest first. */
export const IncidentDetail = z
  .object({
    id: z.uuid(),
    domainId: z.uuid(),
    state: z.enum(incidentState.enumValues),
    cause: z.string().nullable(),
    openedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    regions: z.array(z.string()),
    events: z.array(TimelineEntry),
  })
  .openapi("IncidentDetail", {
    example: {
      id: "5b6f0c1e-0000-4000-8000-000000000000",
      domainId: "8d0f7a2b-0000-4000-8000-000000000000",
      state: "acknowledged",
      cause: "TIMEOUT",
      openedAt: "2026-11-24T10:02:00.000Z",
      acknowledgedAt: "2026-11-24T10:05:00.000Z",
      resolvedAt: null,
      regions: ["ams", "iad"],
      events: [
        {
          seq: 1,
          type: "opened",
          at: "2026-11-24T10:02:00.000Z",
          source: "engine",
          fromState: "suspect",
          toState: "open",
        },
        {
          seq: 2,
          type: "acknowledged",
          at: "2026-11-24T10:05:00.000Z",
          source: "operator",
          message: "on it",
          actor: "user:auth0|65",
        },
      ],
    },
  });

/** The organization's incident, or a 404 (another organization's is as absent as none). */
export async function ownIncident(db: Database, orgId: string, rawId: string): Promise<Incident> {
  const id = existingId(rawId, "incident");
  const [row] = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.id, id), eq(incidents.orgId, orgId)));
  if (!row) throw new ApiError("not_found", `no incident ${id}`, "id");
  return row;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The engine's transitions and the operators' entries, merged by time and numbered. */
export async function incidentDetail(
  db: Database,
  inc: Incident,
): Promise<z.infer<typeof IncidentDetail>> {
  const engine = await db
    .select()
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, inc.id))
    .orderBy(asc(incidentEvents.sequence));
  const operator = await db
    .select()
    .from(incidentUpdates)
    .where(eq(incidentUpdates.incidentId, inc.id))
    .orderBy(asc(incidentUpdates.id));
  const entries = [
    ...engine.map((e) => ({
      at: e.at,
      order: 0,
      entry: {
        type: e.type,
        source: "engine" as const,
        fromState: e.fromState,
        toState: e.toState,
      },
    })),
    ...operator.map((u) => ({
      at: u.at,
      order: 1,
      entry: {
        type: u.type,
        source: "operator" as const,
        message: u.message,
        state: u.state,
        actor: u.actor,
      },
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  return {
    id: inc.id,
    domainId: inc.domainId,
    state: inc.state,
    cause: inc.cause,
    openedAt: inc.openedAt.toISOString(),
    acknowledgedAt: iso(inc.acknowledgedAt),
    resolvedAt: iso(inc.resolvedAt),
    regions: inc.regions,
    events: entries.map((e, i) => ({ seq: i + 1, at: e.at.toISOString(), ...e.entry })),
  };
}
