import { eq } from "drizzle-orm";
import { appendOrgEvents } from "../../../adapters/events/org-events";
import { incidentUpdates } from "../../../schema/control/incident-updates";
import { type Incident, incidents } from "../../../schema/control/incidents";
import type { OperatorAction } from "../../../schema/wire/operator-action";
import type { AuthInfo } from "../auth";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";

type Deps = Pick<ApiDeps, "db" | "clock" | "queue" | "log"> & { poke?: (orgId: string) => void };

/**
 * Acknowledges an open incident: the row and timeline change at once, the stream hears of
 * it, and consensus is told so the engine's state machine agrees (its own transition then
 * appends nothing new to the stream: both use one key).
 */
export async function acknowledgeIncident(
  deps: Deps,
  auth: AuthInfo,
  inc: Incident,
  note: string | undefined,
): Promise<void> {
  if (inc.state !== "open") {
    throw new ApiError(
      "conflict",
      `incident is ${inc.state}; only an open one can be acknowledged`,
    );
  }
  const now = new Date(deps.clock.now());
  await deps.db.transaction(async (tx) => {
    await tx
      .update(incidents)
      .set({ state: "acknowledged", acknowledgedAt: now })
      .where(eq(incidents.id, inc.id));
    await tx.insert(incidentUpdates).values({
      incidentId: inc.id,
      type: "acknowledged",
      message: note ?? null,
      actor: auth.principal,
      at: now,
    });
    await appendOrgEvents(tx, inc.orgId, [
      {
        type: "incident.acknowledged",
        data: { incidentId: inc.id, domainId: inc.domainId, at: now.toISOString() },
        at: now,
        key: `${inc.id}:acknowledged`,
      },
    ]);
  });
  deps.poke?.(inc.orgId);
  const action: OperatorAction = {
    kind: "operator",
    action: "acknowledge",
    domainId: inc.domainId,
    incidentId: inc.id,
    at: now.getTime(),
  };
  if (deps.queue) await deps.queue.send("consensus", [action]);
  else deps.log.warn("no consensus queue: the engine does not hear of the acknowledgement");
}

/** Resolves an incident by hand (the engine opens a new one if the domain is still down). */
export async function resolveIncident(
  deps: Deps,
  auth: AuthInfo,
  inc: Incident,
  note: string | undefined,
): Promise<void> {
  if (inc.state === "resolved") throw new ApiError("conflict", "incident is already resolved");
  const now = new Date(deps.clock.now());
  await deps.db.transaction(async (tx) => {
    await tx
      .update(incidents)
      .set({ state: "resolved", resolvedAt: now })
      .where(eq(incidents.id, inc.id));
    await tx.insert(incidentUpdates).values({
      incidentId: inc.id,
      type: "resolved",
      message: note ?? null,
      actor: auth.principal,
      at: now,
    });
    await appendOrgEvents(tx, inc.orgId, [
      {
        type: "incident.resolved",
        data: { incidentId: inc.id, domainId: inc.domainId, at: now.toISOString(), manual: true },
        at: now,
      },
    ]);
  });
  deps.poke?.(inc.orgId);
}

/** Posts a status update on an incident (shown on status pages and their feeds). */
export async function postIncidentUpdate(
  deps: Deps,
  auth: AuthInfo,
  inc: Incident,
  body: { message: string; state?: string | undefined },
): Promise<void> {
  const now = new Date(deps.clock.now());
  await deps.db.transaction(async (tx) => {
    await tx.insert(incidentUpdates).values({
      incidentId: inc.id,
      type: "update",
      message: body.message,
      state: body.state ?? null,
      actor: auth.principal,
      at: now,
    });
    await appendOrgEvents(tx, inc.orgId, [
      {
        type: "incident.updated",
        data: {
          incidentId: inc.id,
          domainId: inc.domainId,
          message: body.message,
          state: body.state ?? null,
          at: now.toISOString(),
        },
        at: now,
      },
    ]);
  });
  deps.poke?.(inc.orgId);
}
