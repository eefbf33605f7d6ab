import { rowDate } from "../../adapters/db/rows";
import type { AlertChannel } from "../../schema/control/alert-channels";
import type { Delivery, NewDelivery } from "../../schema/control/deliveries";

/**
 * Raw rows (snake_case, from `execute`) as Drizzle's types. The hot path reads channels and
 * deliveries with plain SQL: Drizzle's builders and per-column mappers were most of a batch's
 * CPU. rows.test.ts holds these to Drizzle's own mapping of every column.
 */
type Raw = Record<string, unknown>;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** An alert_channels row. */
export function channelFromRow(r: Raw): AlertChannel {
  return {
    id: String(r.id),
    orgId: String(r.org_id),
    type: r.type as AlertChannel["type"],
    name: String(r.name),
    config: r.config as AlertChannel["config"],
    signingSecret: str(r.signing_secret),
    previousSigningSecret: str(r.previous_signing_secret),
    previousSecretExpiresAt: rowDate(r.previous_secret_expires_at),
    enabled: r.enabled === true,
    disabledReason: str(r.disabled_reason),
    failingSince: rowDate(r.failing_since),
    createdAt: rowDate(r.created_at)!,
  };
}

/** A deliveries row. */
export function deliveryFromRow(r: Raw): Delivery {
  return {
    id: String(r.id),
    channelId: String(r.channel_id),
    orgId: String(r.org_id),
    eventId: String(r.event_id),
    idempotencyKey: String(r.idempotency_key),
    kind: r.kind as Delivery["kind"],
    type: String(r.type),
    domainId: str(r.domain_id),
    incidentId: str(r.incident_id),
    payload: r.payload as Delivery["payload"],
    groupId: str(r.group_id),
    status: r.status as Delivery["status"],
    attempts: Number(r.attempts),
    lastStatusCode: int(r.last_status_code),
    lastLatencyMs: int(r.last_latency_ms),
    lastError: str(r.last_error),
    nextAttemptAt: rowDate(r.next_attempt_at),
    sentAt: rowDate(r.sent_at),
    createdAt: rowDate(r.created_at)!,
    updatedAt: rowDate(r.updated_at)!,
  };
}

/**
 * The row a new delivery became, from what was written (every column is given on insert, see
 * accept.ts) and the id the database drew: nothing needs reading back but the id.
 */
export function insertedDelivery(id: string, r: NewDelivery): Delivery {
  return {
    id,
    channelId: r.channelId,
    orgId: r.orgId,
    eventId: r.eventId,
    idempotencyKey: r.idempotencyKey,
    kind: r.kind ?? "single",
    type: r.type,
    domainId: r.domainId ?? null,
    incidentId: r.incidentId ?? null,
    payload: r.payload,
    groupId: r.groupId ?? null,
    status: r.status ?? "pending",
    attempts: 0,
    lastStatusCode: null,
    lastLatencyMs: null,
    lastError: null,
    nextAttemptAt: r.nextAttemptAt ?? null,
    sentAt: null,
    createdAt: r.createdAt!,
    updatedAt: r.updatedAt!,
  };
}
