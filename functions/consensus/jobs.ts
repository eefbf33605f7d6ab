import type { AlertJob } from "../../schema/wire/events";
import { type Notification, notificationKey } from "../alerting/types";

/** The alerts-queue job for a notification; its id is the idempotency key. */
export function alertJob(orgId: string, n: Notification): AlertJob {
  const incidentId = typeof n.fields.incidentId === "string" ? n.fields.incidentId : null;
  return {
    id: notificationKey(n),
    type: n.type,
    orgId,
    domainId: n.domain,
    incidentId,
    t: n.t,
    data: n.fields,
  };
}
