import { Hono } from "hono";
import { streamHandle } from "hono/aws-lambda";
import { createApp } from "./app";
import { buildApiDeps } from "./build-deps";
import { loadApiConfig } from "./config";

// Per cold start: the entry file is the one place that holds deps.
let ready: Promise<ReturnType<typeof createApp>> | undefined;

const shell = new Hono();
shell.all("*", async (c) => {
  ready ??= buildApiDeps(loadApiConfig()).then(createApp);
  return (await ready).fetch(c.req.raw);
});

/**
 * Function URL entry with response streaming (InvokeMode RESPONSE_STREAM) for GET /v1/events:
 * the same app as lambda.ts, each answer written as it is produced. A Lambda runs 15 minutes
 * at most; the client reconnects with Last-Event-ID and loses nothing.
 */
export const handler = streamHandle(shell);
