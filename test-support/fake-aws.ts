import { createHash } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One call an SDK client made. */
export interface FakeAwsCall {
  service: "sqs" | "scheduler";
  action: string;
  body: Record<string, unknown>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

/**
 * SQS (JSON protocol) and EventBridge Scheduler on loopback, for SDK clients pointed here with
 * AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL_SCHEDULER: SendMessageBatch succeeds for every
 * entry (with the MD5 the client checks), CreateSchedule and DeleteSchedule succeed, and every
 * call is recorded. AWS itself cannot run here; this is the SDK's edge.
 */
export async function startFakeAws() {
  const calls: FakeAwsCall[] = [];
  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const target = req.headers["x-amz-target"];
        res.setHeader("content-type", "application/x-amz-json-1.0");
        if (typeof target === "string" && target.startsWith("AmazonSQS.")) {
          const action = target.slice("AmazonSQS.".length);
          calls.push({ service: "sqs", action, body });
          if (action !== "SendMessageBatch") return res.writeHead(400).end("{}");
          const entries = (body.Entries ?? []) as { Id: string; MessageBody: string }[];
          const Successful = entries.map((e) => ({
            Id: e.Id,
            MessageId: `m-${calls.length}-${e.Id}`,
            MD5OfMessageBody: md5(e.MessageBody),
          }));
          return res.end(JSON.stringify({ Successful, Failed: [] }));
        }
        const path = (req.url ?? "/").split("?")[0]!;
        if (path.startsWith("/schedules/")) {
          const name = decodeURIComponent(path.slice("/schedules/".length));
          const action = req.method === "DELETE" ? "DeleteSchedule" : "CreateSchedule";
          calls.push({ service: "scheduler", action, body: { Name: name, ...body } });
          res.setHeader("content-type", "application/json");
          return res.end(
            JSON.stringify(action === "CreateSchedule" ? { ScheduleArn: `arn:fake:${name}` } : {}),
          );
        }
        res.writeHead(404).end("{}");
      },
      () => res.writeHead(400).end("{}"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
