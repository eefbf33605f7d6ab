import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { type ApiEnv, authenticate } from "./auth";
import type { ApiDeps } from "./deps";
import { docsPage } from "./docs-page";
import { ApiError, errorBody, onError } from "./errors";
import { rateLimit } from "./rate-limit";
import { certificateRoutes } from "./routes/certificates";
import { channelRoutes } from "./routes/channels";
import { domainRoutes } from "./routes/domains";
import { incidentRoutes } from "./routes/incidents";
import { slaRoutes } from "./routes/sla";
import { statusRoutes } from "./routes/status";
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

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API key: dp_live_…",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "DomainPilot API",
      version: "1.0.0",
      description: "Multi-region uptime and SSL-certificate monitoring",
    },
  });
  app.get("/docs", (c) => c.html(docsPage()));
  return app;
}
