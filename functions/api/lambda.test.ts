import { type ApiGatewayRequestContextV2, handle } from "hono/aws-lambda";
import { describe, expect, it } from "vitest";
import { memoryRedis } from "../../adapters/redis/memory";
import { migratedPglite } from "../../test-support/pglite";
import { aDomainBody, apiHarness } from "./testing/harness";

/** An API Gateway HTTP API (v2) event with overrides. */
function anEvent(over: {
  method: string;
  path: string;
  key: string;
  body?: string;
  base64?: boolean;
}) {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: over.path,
    rawQueryString: "",
    headers: {
      authorization: `Bearer ${over.key}`,
      "content-type": "application/json",
      host: "api.example.test",
    },
    body: over.body ?? null,
    isBase64Encoded: over.base64 ?? false,
    requestContext: <ApiGatewayRequestContextV2>{
      accountId: "1",
      apiId: "a",
      authentication: null,
      authorizer: {},
      domainName: "api.example.test",
      domainPrefix: "api",
      http: {
        method: over.method,
        path: over.path,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "t",
      },
      requestId: "r",
      routeKey: "$default",
      stage: "$default",
      time: "",
      timeEpoch: 0,
    },
  };
}

describe("the API behind hono/aws-lambda", () => {
  it("creates a domain from a base64 API Gateway event and pushes its config", async () => {
    const db = await migratedPglite();
    const redis = memoryRedis();
    const h = apiHarness({ db, redis: redis.port });
    const { key } = await h.org("business");
    const lambda = handle(h.app);
    const body = Buffer.from(JSON.stringify(aDomainBody())).toString("base64");
    const res = await lambda(
      anEvent({ method: "POST", path: "/v1/domains", key, body, base64: true }),
    );
    expect(res.statusCode).toBe(201);
    const id = JSON.parse(res.body).id as string;
    expect(redis.published.map((p) => JSON.parse(p.message).id)).toEqual([id]);
    const bad = await lambda(anEvent({ method: "POST", path: "/v1/domains", key, body: "{" }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe("invalid_json");
    await db.close();
  });
});
