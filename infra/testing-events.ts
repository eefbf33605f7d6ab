import { randomUUID } from "node:crypto";

/** A Function URL request (payload format 2.0, as API Gateway HTTP APIs send it too). */
export function aFunctionUrlRequest(o: {
  method: string;
  path: string;
  key?: string;
  body?: unknown;
}) {
  const host = "abc123.lambda-url.eu-central-1.on.aws";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: o.path,
    rawQueryString: "",
    headers: {
      host,
      "content-type": "application/json",
      ...(o.key ? { authorization: `Bearer ${o.key}` } : {}),
    },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: "anonymous",
      apiId: "abc123",
      domainName: host,
      domainPrefix: "abc123",
      http: {
        method: o.method,
        path: o.path,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "smoke",
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: "01/Dec/2026:10:00:00 +0000",
      timeEpoch: Date.now(),
    },
  };
}

/** An SQS event source batch: one record per body (a string body is sent as it is). */
export function anSqsBatch(queueArn: string, bodies: unknown[]) {
  return {
    Records: bodies.map((b) => ({
      messageId: randomUUID(),
      receiptHandle: "rh",
      body: typeof b === "string" ? b : JSON.stringify(b),
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: String(Date.now()),
        SenderId: "probe",
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: queueArn,
      awsRegion: "eu-central-1",
    })),
  };
}

/** What an EventBridge rule (sst.aws.Cron) hands its target every tick. */
export function aCronTick(ruleArn: string) {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "123456789012",
    time: new Date().toISOString(),
    region: "eu-central-1",
    resources: [ruleArn],
    detail: {},
  };
}
