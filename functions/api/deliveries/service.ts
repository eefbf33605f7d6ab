import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, desc, eq, getTableColumns, inArray, type SQL } from "drizzle-orm";
import { alertChannels } from "../../../schema/control/alert-channels";
import { type Delivery, deliveries } from "../../../schema/control/deliveries";
import { deliveryAttempts } from "../../../schema/control/delivery-attempts";
import type { AuthInfo } from "../auth";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";
import { beyond, type Cursor, pageOf, positionOf } from "../pagination";
import type { DeliveryOut } from "./schemas";

type Deps = Pick<ApiDeps, "db" | "clock">;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function out(d: Delivery): DeliveryOut {
  return {
    id: d.id,
    channelId: d.channelId,
    type: d.type,
    kind: d.kind,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastLatencyMs: d.lastLatencyMs,
    lastError: d.lastError,
    nextAttemptAt: iso(d.nextAttemptAt),
    domainId: d.domainId,
    incidentId: d.incidentId,
    groupId: d.groupId,
    sentAt: iso(d.sentAt),
    createdAt: d.createdAt.toISOString(),
  };
}

/** A page of the organization's deliveries, newest first, filtered. */
export async function listDeliveries(
  deps: Deps,
  auth: AuthInfo,
  q: { incidentId?: string; channelId?: string; status?: Delivery["status"]; limit: number },
  after?: Cursor,
) {
  const where: SQL[] = [eq(deliveries.orgId, auth.orgId)];
  if (q.incidentId) where.push(eq(deliveries.incidentId, q.incidentId));
  if (q.channelId) where.push(eq(deliveries.channelId, q.channelId));
  if (q.status) where.push(eq(deliveries.status, q.status));
  if (after) where.push(beyond(deliveries.createdAt, deliveries.id, after, "desc"));
  const rows = await deps.db
    .select({ ...getTableColumns(deliveries), at: positionOf(deliveries.createdAt) })
    .from(deliveries)
    .where(and(...where))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(q.limit + 1);
  const page = pageOf(rows, q.limit, (r) => ({ at: r.at, id: r.id }));
  return { deliveries: page.items.map(out), nextCursor: page.nextCursor };
}

async function findDelivery(deps: Deps, auth: AuthInfo, id: string) {
  const [row] = await deps.db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.id, id), eq(deliveries.orgId, auth.orgId)));
  if (!row) throw new ApiError("not_found", `no delivery ${id}`, "id");
  return row;
}

/** One delivery with every attempt. */
export async function getDelivery(deps: Deps, auth: AuthInfo, id: string) {
  const d = await findDelivery(deps, auth, id);
  const log = await deps.db
    .select()
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.deliveryId, id))
    .orderBy(asc(deliveryAttempts.attempt));
  return {
    ...out(d),
    log: log.map((a) => ({
      attempt: a.attempt,
      at: a.at.toISOString(),
      ok: a.ok,
      statusCode: a.statusCode,
      latencyMs: a.latencyMs,
      error: a.error,
      nextAttemptAt: iso(a.nextAttemptAt),
    })),
  };
}

/** Makes a failed or dead delivery due now; the delivery sweep sends it. */
export async function retryDelivery(deps: Deps, auth: AuthInfo, id: string) {
  const d = await findDelivery(deps, auth, id);
  const now = new Date(deps.clock.now());
  const [row] = await deps.db
    .update(deliveries)
    .set({ status: "pending", nextAttemptAt: now, updatedAt: now })
    .where(and(eq(deliveries.id, d.id), inArray(deliveries.status, ["failed", "dead"])))
    .returning({ id: deliveries.id });
  if (!row)
    throw new ApiError(
      "conflict",
      `delivery ${id} is ${d.status}; only failed or dead ones are retried`,
    );
  return { deliveryId: row.id, status: "pending" as const };
}

async function findChannel(deps: Deps, auth: AuthInfo, id: string) {
  const [row] = await deps.db
    .select()
    .from(alertChannels)
    .where(and(eq(alertChannels.id, id), eq(alertChannels.orgId, auth.orgId)));
  if (!row) throw new ApiError("not_found", `no channel ${id}`, "id");
  return row;
}

/** Queues a `test` event to a channel: a delivery due now, logged like any other. */
export async function testChannel(deps: Deps, auth: AuthInfo, id: string) {
  const c = await findChannel(deps, auth, id);
  if (!c.enabled) throw new ApiError("conflict", `channel ${id} is disabled; enable it first`);
  const now = new Date(deps.clock.now());
  const eventId = `test:${randomUUID()}`;
  const [row] = await deps.db
    .insert(deliveries)
    .values({
      channelId: c.id,
      orgId: c.orgId,
      eventId,
      idempotencyKey: `${eventId}:${c.id}`,
      type: "test",
      payload: {
        type: "test",
        timestamp: now.toISOString(),
        data: { channelId: c.id, message: "A test notification from DomainPilot" },
      },
      status: "pending",
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: deliveries.id });
  return { deliveryId: row!.id, status: "pending" as const };
}

/** How long the secret before a rotation keeps signing beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** A new signing secret for a webhook channel; the old one signs beside it for 24 h. */
export async function rotateSecret(deps: Deps, auth: AuthInfo, id: string) {
  const c = await findChannel(deps, auth, id);
  if (c.type !== "webhook")
    throw new ApiError(
      "unprocessable",
      `channel ${id} is ${c.type}; only webhooks are signed`,
      "id",
    );
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  const expires = new Date(deps.clock.now() + ROTATION_OVERLAP_MS);
  await deps.db
    .update(alertChannels)
    .set({
      signingSecret: secret,
      previousSigningSecret: c.signingSecret,
      previousSecretExpiresAt: expires,
    })
    .where(eq(alertChannels.id, c.id));
  return { id: c.id, secret, previousSecretExpiresAt: expires.toISOString() };
}
