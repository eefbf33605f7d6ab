import { createHash } from "node:crypto";

/**
 * The id of a domain's n-th incident: a UUID derived from domain and number, so replays
 * and redeliveries agree and the control DB's uuid column takes it as is.
 */
export function incidentId(domainId: string, n: number): string {
  const h = createHash("sha256").update(`incident:${domainId}:${n}`).digest("hex");
  // version 8 (custom) and the RFC variant bits keep it a well-formed UUID
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
