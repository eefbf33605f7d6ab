/** Waits before each retry (Standard Webhooks / Svix): the first attempt is immediate. */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
] as const;

/** Attempts in all: the immediate one and one per retry delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** A channel failing everything this long is disabled. */
export const FAILING_DISABLE_MS = 5 * 24 * 3_600_000;

/** The longest Retry-After we honour; past it the schedule's own wait applies. */
const MAX_RETRY_AFTER_MS = 10 * 3_600_000;

/**
 * The wait after `attemptsDone` failed attempts, jittered ±10% so retries of many deliveries
 * that failed together do not arrive together; null when no attempt is left. `rand` is in [0,1).
 */
export function retryDelay(attemptsDone: number, rand: number): number | null {
  const base = RETRY_DELAYS_MS[attemptsDone - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * rand));
}

/** Retry-After as ms from `now`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/** Statuses whose Retry-After says when to come back. */
const RETRY_AFTER_STATUSES = new Set([429, 502, 503, 504]);

/** What an HTTP answer means for a delivery. */
export type HttpVerdict =
  | { ok: true }
  | { ok: false; error: string; retryAfterMs: number | null; gone: boolean };

/** Success is a 2xx; a redirect is a failure (never followed); 410 means the target is gone. */
export function judgeHttp(
  statusCode: number,
  headers: Record<string, string>,
  now: number,
): HttpVerdict {
  if (statusCode >= 200 && statusCode < 300) return { ok: true };
  const retryAfterMs = RETRY_AFTER_STATUSES.has(statusCode)
    ? parseRetryAfter(headers["retry-after"], now)
    : null;
  const error =
    statusCode >= 300 && statusCode < 400
      ? `redirect ${statusCode} not followed`
      : `HTTP ${statusCode}`;
  return { ok: false, error, retryAfterMs, gone: statusCode === 410 };
}

/**
 * When the next attempt is due after a failure: the schedule's wait, or Retry-After when the
 * receiver asked for longer; null when the attempts are used up.
 */
export function nextAttemptAt(
  now: number,
  attemptsDone: number,
  retryAfterMs: number | null,
  rand: number,
): number | null {
  const wait = retryDelay(attemptsDone, rand);
  if (wait === null) return null;
  return now + Math.max(wait, retryAfterMs ?? 0);
}
