import { handle } from "hono/aws-lambda";
import { createApp } from "./app";
import { buildApiDeps } from "./build-deps";
import { loadApiConfig } from "./config";

type LambdaHandler = ReturnType<typeof handle>;

// Per cold start: the entry file is the one place that holds deps.
let ready: Promise<LambdaHandler> | undefined;

async function build(): Promise<LambdaHandler> {
  return handle(createApp(await buildApiDeps(loadApiConfig())));
}

/** API Gateway / Function URL entry: the same app `local/` serves on Node. */
export const handler: LambdaHandler = async (event, context) => {
  ready ??= build();
  return (await ready)(event, context);
};
