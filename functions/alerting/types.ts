import type { EventType } from "../../schema/wire/events";

/** One monitored domain as the engine sees it (times in ms). */
export interface DomainSpec {
  id: string;
  regions: string[];
  intervalMs: number;
  /** Probe timeout; part of the vote lifetime. */
  timeoutMs: number;
  /** Votes needed to page; null means a strict majority of `regions`. */
  quorum: number | null;
  /** Days-to-expiry thresholds for `ssl.expiring`, any order. */
  sslWarnDays: number[];
  /** Half-open windows [from, to) in which notifications are held. */
  maintenance: { from: number; to: number }[];
}

/** Certificate facts a check reports (the chain's earliest expiry). */
export interface TlsFacts {
  daysToExpiry: number;
  fingerprint256: string;
  authorized: boolean;
  error: string | null;
}

/** One check result from one region; `t` is when the check completed. */
export interface CheckResult {
  t: number;
  domain: string;
  region: string;
  ok: boolean;
  error: string | null;
  latencyMs: number;
  tls: TlsFacts | null;
  /** A confirm-on-failure recheck requested by another region's failure. */
  confirm: boolean;
}

/** A message a user would receive; key order is fixed by `notification()`. */
export interface Notification {
  t: number;
  type: EventType;
  domain: string;
  /** Per-domain sequence of the event behind it; the idempotency key derives from it. */
  seq: number;
  /** Type-specific fields, in output order. */
  fields: Record<string, unknown>;
}

/** Idempotency key of a notification: stable across redeliveries and replays. */
export function notificationKey(n: Pick<Notification, "domain" | "seq">): string {
  return `${n.domain}:${n.seq}`;
}
