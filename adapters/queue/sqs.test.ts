import { SendMessageBatchCommand, type SendMessageBatchCommandOutput } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { shardOf } from "./shard";
import { QueueSendError, sqsQueue } from "./sqs";

type Reply = (
  entries: { Id?: string; MessageBody?: string }[],
) => Partial<SendMessageBatchCommandOutput> | Error;

/** An SQSClient whose `send` records every SendMessageBatch and answers with `reply`. */
function fakeClient(reply: Reply = () => ({ Successful: [], Failed: [] })) {
  const calls: { url: string; bodies: unknown[] }[] = [];
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof SendMessageBatchCommand)) throw new Error("unexpected command");
      const entries = command.input.Entries ?? [];
      calls.push({
        url: command.input.QueueUrl ?? "",
        bodies: entries.map((e) => JSON.parse(e.MessageBody!)),
      });
      const out = reply(entries);
      if (out instanceof Error) throw out;
      return out;
    },
  } as never;
  return { client, calls };
}

const urls = { consensus: "https://sqs.test/123/consensus", alerts: "https://sqs.test/123/alerts" };

describe("sqsQueue", () => {
  it("sends 25 bodies as SendMessageBatch calls of 10, 10 and 5 to the queue's URL", async () => {
    const { client, calls } = fakeClient();
    const bodies = Array.from({ length: 25 }, (_, i) => ({ n: i }));
    await sqsQueue({ client, urls }).send("consensus", bodies);
    expect(calls.map((c) => c.bodies.length)).toEqual([10, 10, 5]);
    expect(new Set(calls.map((c) => c.url))).toEqual(new Set([urls.consensus]));
    expect(calls.flatMap((c) => c.bodies)).toEqual(bodies);
  });

  it("sends each body of a partitioned queue to the URL its domainId hashes to", async () => {
    const { client, calls } = fakeClient();
    const shards = [
      "https://sqs.test/123/c0",
      "https://sqs.test/123/c1",
      "https://sqs.test/123/c2",
    ];
    const bodies = Array.from({ length: 60 }, (_, i) => ({ domainId: `d${i % 20}`, n: i }));
    await sqsQueue({ client, urls: { consensus: shards } }).send("consensus", bodies);
    const urlOf = new Map<string, Set<string>>();
    for (const c of calls)
      for (const b of c.bodies as { domainId: string }[]) {
        expect(c.url).toBe(shards[shardOf(b.domainId, 3)]);
        urlOf.set(b.domainId, (urlOf.get(b.domainId) ?? new Set()).add(c.url));
      }
    expect([...urlOf.values()].every((u) => u.size === 1)).toBe(true);
    expect(new Set(calls.map((c) => c.url))).toEqual(new Set(shards));
    expect(calls.flatMap((c) => c.bodies)).toHaveLength(60);
    await expect(
      sqsQueue({ client, urls: { consensus: shards } }).send("consensus", [{ n: 1 }]),
    ).rejects.toThrow(/domainId/);
  });

  it("retries only the entries SQS reported as failed", async () => {
    let round = 0;
    const { client, calls } = fakeClient((entries) => {
      round += 1;
      return round === 1
        ? { Failed: [{ Id: entries[3]!.Id!, SenderFault: false, Code: "InternalError" }] }
        : { Failed: [] };
    });
    await sqsQueue({ client, urls, backoffMs: 1 }).send(
      "alerts",
      Array.from({ length: 5 }, (_, i) => i),
    );
    expect(calls.map((c) => c.bodies)).toEqual([[0, 1, 2, 3, 4], [3]]);
  });

  it("throws QueueSendError with the bodies that never went through", async () => {
    const { client } = fakeClient((entries) => ({
      Failed: entries
        .filter((e) => e.Id === "1")
        .map((e) => ({ Id: e.Id!, SenderFault: false, Code: "x" })),
    }));
    const err = await sqsQueue({ client, urls, retries: 2, backoffMs: 1 })
      .send("consensus", ["a", "b", "c"])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueSendError);
    expect((err as QueueSendError).failed).toEqual(["b"]);
  });

  it("does not retry a sender fault, which would fail the same way again", async () => {
    const { client, calls } = fakeClient((entries) => ({
      Failed: [{ Id: entries[0]!.Id!, SenderFault: true, Code: "InvalidMessageContents" }],
    }));
    const err = await sqsQueue({ client, urls, backoffMs: 1 })
      .send("consensus", ["bad"])
      .catch((e: unknown) => e);
    expect((err as QueueSendError).failed).toEqual(["bad"]);
    expect(calls).toHaveLength(1);
  });

  it("retries a whole call that failed and reports all its bodies when SQS stays down", async () => {
    const { client, calls } = fakeClient(() => new Error("ECONNRESET"));
    const err = await sqsQueue({ client, urls, retries: 1, backoffMs: 1 })
      .send("consensus", [1, 2])
      .catch((e: unknown) => e);
    expect(calls).toHaveLength(2);
    expect((err as QueueSendError).failed).toEqual([1, 2]);
  });

  it("names the queue whose URL is missing", async () => {
    const { client } = fakeClient();
    await expect(sqsQueue({ client, urls: {} }).send("alerts", [1])).rejects.toThrow(/"alerts"/);
  });
});
