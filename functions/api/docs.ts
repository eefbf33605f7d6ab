import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Scalar } from "@scalar/hono-api-reference";
import type { Hono } from "hono";

const ASSET = "/docs/assets/scalar-standalone.js";
let bundle: Promise<string> | undefined;

/** Scalar's browser bundle from node_modules, read once per process (about 3.5 MB). */
function scalarBundle(): Promise<string> {
  const path = createRequire(import.meta.url).resolve(
    "@scalar/api-reference/browser/standalone.js",
  );
  bundle ??= readFile(path, "utf8");
  return bundle;
}

/**
 * GET /docs: Scalar's API reference of /openapi.json, its script served by the API itself
 * and its web fonts off, so the page needs no network but this server.
 */
export function mountDocs(app: Hono<never> | Hono): void {
  const a = app as Hono;
  a.get(ASSET, async (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(await scalarBundle());
  });
  a.get(
    "/docs",
    Scalar({
      // the "Ask AI" agent calls Scalar's servers: off, like fonts and telemetry
      ...({ agent: { disabled: true } } as object),
      showDeveloperTools: "never",
      url: "/openapi.json",
      cdn: ASSET,
      pageTitle: "DomainPilot API reference",
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
    }),
  );
}
