import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { findDomain } from "../domains/repo";
import { ApiError } from "../errors";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";
import { bucketCount, bucketStart, uptimeBuckets } from "../uptime/buckets";
import { readRollups } from "../uptime/read-rollups";

const MAX_BUCKETS = 1_000;
const DEFAULT_SPAN_MS = { hour: 86_400_000, day: 30 * 86_400_000 };

// The years PostgreSQL and JS dates share without surprises: PostgreSQL has no year 0
// (JS's "0000" is 1 BC), and nothing was checked before the epoch anyway.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

// an ISO date-time with Z or an offset, or an ISO date (midnight UTC), from 1970 to 9999
const Instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).refine((v) => {
  const ms = Date.parse(v);
  return ms >= EARLIEST && ms <= LATEST;
}, "must be between 1970-01-01 and 9999-12-31");

const UptimeQuery = z.object({
  from: Instant.optional().openapi({
    description: "ISO; default: to minus a day (hour) or 30 days (day)",
  }),
  to: Instant.optional().openapi({ description: "ISO; default now" }),
  granularity: z.enum(["hour", "day"]).default("hour"),
  region: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/)
    .optional()
    .openapi({ description: "One of the domain's regions; default: all regions together" }),
});

const Mean = z
  .object({
    dnsMs: z.number(),
    connectMs: z.number(),
    tlsMs: z.number(),
    ttfbMs: z.number(),
    totalMs: z.number(),
  })
  .nullable()
  .openapi({ description: "Mean timing phases of the passing checks; null without any" });

const Bucket = z
  .object({
    start: z.string(),
    checks: z.number().int(),
    failures: z.number().int(),
    uptime: z
      .number()
      .nullable()
      .openapi({ description: "Passing share of checks, 0..1; null without checks" }),
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
    p99Ms: z.number().nullable(),
    mean: Mean,
  })
  .openapi("UptimeBucket");

/** GET /v1/domains/:id/uptime: roll-ups of every region added together, one row per bucket. */
export function uptimeRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/domains/{id}/uptime",
      tags: ["domains"],
      security,
      summary: "Uptime and latency percentiles per hour or day, oldest first",
      request: { params: IdParam, query: UptimeQuery },
      responses: {
        200: json(z.object({ buckets: z.array(Bucket) }), "Every bucket of [from, to)"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "domain");
      const q = c.req.valid("query");
      const toMs = q.to ? Date.parse(q.to) : deps.clock.now();
      const fromMs = q.from ? Date.parse(q.from) : toMs - DEFAULT_SPAN_MS[q.granularity];
      if (fromMs >= toMs) throw new ApiError("invalid_request", "from must be before to", "from");
      if (bucketCount(fromMs, toMs, q.granularity) > MAX_BUCKETS) {
        throw new ApiError("invalid_request", `at most ${MAX_BUCKETS} buckets per query`, "from");
      }
      // the roll-ups are read beside the ownership check (one round trip less); nothing read
      // is answered unless the domain is the caller's and the region one of its own
      const [domain, rows] = await Promise.all([
        findDomain(deps.db, c.get("auth").orgId, id),
        deps.timeseries
          ? readRollups(deps.timeseries, {
              domainId: id,
              fromMs: bucketStart(fromMs, q.granularity),
              toMs,
              granularity: q.granularity,
              ...(q.region ? { region: q.region } : {}),
            })
          : [],
      ]);
      if (!domain) throw new ApiError("not_found", `no domain ${id}`, "id");
      if (q.region && !domain.regions.includes(q.region)) {
        throw new ApiError(
          "invalid_request",
          `the domain is not checked from ${q.region}`,
          "region",
        );
      }
      return c.json({ buckets: uptimeBuckets(rows, fromMs, toMs, q.granularity) }, 200);
    },
  );
}
