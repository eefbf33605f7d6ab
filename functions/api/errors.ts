import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Error codes the API answers with, each bound to one HTTP status. */
export const errorStatus = {
  invalid_json: 400,
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  plan_limit: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  plan_limit_value: 422,
  rate_limited: 429,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ApiErrorCode = keyof typeof errorStatus;

/** An expected failure: becomes `{ error: { code, message, field? } }` with its status. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly field: string | undefined;
  constructor(code: ApiErrorCode, message: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.field = field;
  }
}

/** The one error body of the API. */
export function errorBody(code: string, message: string, field?: string) {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

// "plan_limit_value" is internal: a value past a plan limit is 422 but its code reads plan_limit
const publicCode = (code: ApiErrorCode) => (code === "plan_limit_value" ? "plan_limit" : code);

/** Hono's onError: ApiError and HTTPException map to 4xx; anything else is logged and a 500. */
export function onError(log: { error(msg: string, f?: Record<string, unknown>): void }) {
  return (err: Error, c: Context) => {
    if (err instanceof ApiError) {
      return c.json(errorBody(publicCode(err.code), err.message, err.field), errorStatus[err.code]);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      if (status === 413) {
        return c.json(errorBody("payload_too_large", "request body is too large"), 413);
      }
      if (status === 415) {
        // CONTRACTS §4 answers a body that is not JSON as a malformed request: 400
        const message = "the body must be JSON, sent with Content-Type: application/json";
        return c.json(errorBody("invalid_request", message, "content-type"), 400);
      }
      if (status === 400) {
        return c.json(errorBody("invalid_json", "request body is not valid JSON"), 400);
      }
      return c.json(errorBody("invalid_request", err.message), status);
    }
    log.error("unhandled error", { error: String(err), stack: err.stack, path: c.req.path });
    return c.json(errorBody("internal", "internal error"), 500);
  };
}
