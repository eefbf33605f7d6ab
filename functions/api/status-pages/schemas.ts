import { z } from "@hono/zod-openapi";

const unique = (xs: readonly unknown[]) => new Set(xs).size === xs.length;

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lower-case letters, digits and dashes, at most 63")
  .openapi({ example: "acme" });
const title = z.string().trim().min(1).max(120);
const domainIds = z.array(z.uuid()).max(50).refine(unique, "domains must not repeat");
const customHostname = z
  .string()
  .max(253)
  .transform((h) => h.toLowerCase())
  .refine(
    (h) => /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(h),
    "must be a hostname such as status.example.com",
  )
  .nullable();

/** POST /v1/status-pages. */
export const CreateStatusPage = z
  .strictObject({ slug, title, domainIds, customHostname: customHostname.optional() })
  .openapi("CreateStatusPage");
export type CreateStatusPageBody = z.infer<typeof CreateStatusPage>;

/** PATCH /v1/status-pages/:id: any of the fields; customHostname null removes it. */
export const PatchStatusPage = z
  .strictObject({
    slug: slug.optional(),
    title: title.optional(),
    domainIds: domainIds.optional(),
    customHostname: customHostname.optional(),
  })
  .openapi("PatchStatusPage");
export type PatchStatusPageBody = z.infer<typeof PatchStatusPage>;

/** A status page as the API answers it. */
export const StatusPageOut = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    title: z.string(),
    domainIds: z.array(z.uuid()),
    customHostname: z.string().nullable(),
    /** Where it is served: /status/<slug> on the status host. */
    path: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("StatusPage");
export type StatusPageOut = z.infer<typeof StatusPageOut>;
