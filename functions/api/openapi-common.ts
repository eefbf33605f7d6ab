import { z } from "@hono/zod-openapi";
import { ApiError } from "./errors";

/** The one error body, for the OpenAPI document. */
export const ErrorOut = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .openapi("Error");

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

/** Response entries shared by every authenticated operation. */
export const errorResponses = {
  400: json(ErrorOut, "Invalid request; `field` names what is wrong"),
  401: json(ErrorOut, "Missing, wrong or revoked API key"),
  403: json(ErrorOut, "Key lacks write scope, or a plan limit was reached"),
  404: json(ErrorOut, "No such resource in this organization"),
  422: json(ErrorOut, "Valid JSON that breaks a rule or a plan limit"),
  429: json(ErrorOut, "Too many requests with this key this minute; see Retry-After"),
} as const;

export { json };

/** Path `:id` of a resource; anything not a UUID cannot exist, so it is a 404. */
export const IdParam = z.object({
  id: z
    .string()
    .max(100)
    .openapi({
      param: { name: "id", in: "path" },
      example: "00000000-0000-4000-8000-000000000000",
    }),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id, or a 404 naming the kind of resource. */
export function existingId(id: string, kind: string): string {
  if (!UUID.test(id)) throw new ApiError("not_found", `no ${kind} ${id}`, "id");
  return id.toLowerCase();
}

/** The bearer-key security requirement of every /v1 operation. */
export const security = [{ bearer: [] }];
