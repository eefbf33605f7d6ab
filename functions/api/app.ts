import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { type ApiEnv, authenticate } from "./auth";
import type { ApiDeps } from "./deps";
import { mountDocs } from "./docs";
import { ApiError, errorBody, onError } from "./errors";
import { eventHub } from "./events/hub";
import { rateLimit } from "./rate-limit";
import { apiKeyRoutes } from "./routes/api-keys";
import { certificateRoutes } from "./routes/certificates";
import { channelRoutes } from "./routes/channels";
import { deliveryRoutes } from "./routes/deliveries";
import { domainRoutes } from "./routes/domains";
import { eventRoutes } from "./routes/events";
import { incidentActionRoutes } from "./routes/incident-actions";
import { incidentRoutes } from "./routes/incidents";
import { maintenanceRoutes } from "./routes/maintenance";
import { memberRoutes } from "./routes/members";
import { muteRoutes } from "./routes/mute";
import { slaRoutes } from "./routes/sla";
import { statusRoutes } from "./routes/status";
import { statusPageRoutes } from "./routes/status-pages";
import { uptimeRoutes } from "./routes/uptime";

type HookResult = { success: true } | { success: false; error: { issues: ZodIssueLike[] } };
type ZodIssueLike = { path: PropertyKey[]; message: string; code?: string; keys?: string[] };

/** Every body and query goes through zod; the first issue becomes a 400 naming its field. */
function validationHook(result: HookResult): void {
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const field =
    issue.path.length > 0
      ? issue.path.map(String).join(".")
      : issue.code === "unrecognized_keys"
        ? issue.keys?.[0]
        : undefined;
  const message =
    issue.code === "unrecognized_keys"
      ? `unknown field ${field}`
      : `${field ?? "body"}: ${issue.message}`;
  throw new ApiError("invalid_request", message, field);
}

/** The API as a Hono app; every dependency comes in through `deps` (Lambda, local, tests). */
export function createApp(deps: ApiDeps): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  app.onError(onError(deps.log));
  app.notFound((c) =>
    c.json(errorBody("not_found", `no route ${c.req.method} ${c.req.path}`), 404),
  );
  if (deps.config.corsOrigins?.length) {
    // before authentication: a preflight carries no credentials. GET /v1/events sets its own
    // header (on Node it writes the response itself, past Hono's header merging)
    const corsMw = cors({
      origin: deps.config.corsOrigins,
      allowHeaders: ["Authorization", "Content-Type", "Last-Event-ID", "X-Organization-Id"],
      allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: ["Retry-After", "RateLimit-Limit", "RateLimit-Remaining"],
      maxAge: 600,
    });
    app.use("*", (c, next) =>
      c.req.method === "GET" && c.req.path === "/v1/events" ? next() : corsMw(c, next),
    );
  }
  app.use("/v1/*", authenticate(deps));
  app.use("/v1/*", rateLimit(deps));
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: deps.config.bodyLimitBytes,
      onError: (c) =>
        c.json(
          errorBody("payload_too_large", `body over ${deps.config.bodyLimitBytes} bytes`),
          413,
        ),
    }),
  );
  domainRoutes(app, deps);
  statusRoutes(app, deps);
  uptimeRoutes(app, deps);
  slaRoutes(app, deps);
  certificateRoutes(app, deps);
  channelRoutes(app, deps);
  incidentRoutes(app, deps);
  statusPageRoutes(app, deps);
  deliveryRoutes(app, deps);
  const hub =
    deps.events ??
    eventHub({ db: deps.db, log: deps.log, pollMs: deps.config.eventsPollMs ?? 100 });
  incidentActionRoutes(app, deps, (orgId) => hub.poke(orgId));
  maintenanceRoutes(app, deps);
  muteRoutes(app, deps);
  memberRoutes(app, deps);
  apiKeyRoutes(app, deps);
  eventRoutes(app, deps, hub);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description:
      "An API key (dp_live_…), or a sign-in JWT of the identity provider for a member (with " +
      "X-Organization-Id when the user belongs to several organizations)",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "DomainPilot API",
      version: "1.0.0",
      description: "Multi-region uptime and SSL-certificate monitoring",
    },
  });
  mountDocs(app as never);
  return app;
}
