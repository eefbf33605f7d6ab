import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { type AwsClientSettings, awsClientOptions } from "../aws/client-options";
import type { QueueName, QueuePort } from "./port";
import { shardOf } from "./shard";

/** SQS accepts at most 10 entries per SendMessageBatch. */
export const SQS_BATCH = 10;

/**
 * What the adapter needs: a client (only `send` is used) and each queue's URL. A queue given
 * several URLs is partitioned: a body goes to the URL its `domainId` hashes to (`shardOf`),
 * so one domain's messages always reach the same consumer.
 */
export interface SqsQueueOptions {
  client: Pick<SQSClient, "send">;
  urls: Partial<Record<QueueName, string | readonly string[]>>;
  /** Rounds of retrying entries SQS reported as failed (default 3). */
  retries?: number;
  /** Base backoff between rounds in ms (default 100, doubling). */
  backoffMs?: number;
  /**
   * Deadline of one SendMessageBatch call in ms, SDK retries included (default 10 s): the call
   * is aborted past it, whatever timeouts the client was built with.
   */
  callTimeoutMs?: number;
}

/** An SQS client with connect and request timeouts (see awsClientOptions). */
export function sqsClient(settings: AwsClientSettings = {}): SQSClient {
  return new SQSClient(awsClientOptions(settings));
}

/** Some entries could not be sent after every retry; `failed` holds their bodies. */
export class QueueSendError extends Error {
  constructor(
    message: string,
    readonly failed: unknown[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "QueueSendError";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** QueuePort over SQS: SendMessageBatch 10 at a time, failed entries retried with backoff. */
export function sqsQueue(opts: SqsQueueOptions): QueuePort {
  const retries = opts.retries ?? 3;
  const backoff = opts.backoffMs ?? 100;
  const callTimeoutMs = opts.callTimeoutMs ?? 10_000;

  async function sendChunk(url: string, bodies: unknown[]): Promise<unknown[]> {
    let pending: SendMessageBatchRequestEntry[] = bodies.map((b, i) => ({
      Id: String(i),
      MessageBody: JSON.stringify(b),
    }));
    for (let round = 0; ; round++) {
      let out: SendMessageBatchCommandOutput | undefined;
      let cause: unknown;
      try {
        out = await opts.client.send(
          new SendMessageBatchCommand({ QueueUrl: url, Entries: pending }),
          { abortSignal: AbortSignal.timeout(callTimeoutMs) },
        );
      } catch (err) {
        cause = err; // the whole call failed (network, throttling): retry every entry
      }
      if (out) {
        const failed = new Set((out.Failed ?? []).filter((f) => !f.SenderFault).map((f) => f.Id));
        const fatal = (out.Failed ?? []).filter((f) => f.SenderFault);
        if (fatal.length > 0) {
          // a sender fault (bad body) will fail the same way again: report, do not retry
          const ids = new Set(fatal.map((f) => f.Id));
          return pending.filter((e) => ids.has(e.Id)).map((e) => bodies[Number(e.Id)]);
        }
        pending = pending.filter((e) => failed.has(e.Id));
        if (pending.length === 0) return [];
      }
      if (round >= retries) {
        if (cause && pending.length === bodies.length) throw cause;
        return pending.map((e) => bodies[Number(e.Id)]);
      }
      await sleep(backoff * 2 ** round);
    }
  }

  return {
    async send(queue, bodies) {
      const configured = opts.urls[queue];
      const urls = typeof configured === "string" ? [configured] : (configured ?? []);
      if (urls.length === 0) throw new Error(`no SQS queue URL configured for "${queue}"`);
      const byUrl = new Map<string, unknown[]>();
      for (const b of bodies) {
        const url = urls[urls.length === 1 ? 0 : shardOf(partitionKey(b), urls.length)]!;
        const list = byUrl.get(url) ?? [];
        list.push(b);
        byUrl.set(url, list);
      }
      const failed: unknown[] = [];
      let cause: unknown;
      for (const [url, mine] of byUrl)
        for (let i = 0; i < mine.length; i += SQS_BATCH) {
          try {
            failed.push(...(await sendChunk(url, mine.slice(i, i + SQS_BATCH))));
          } catch (err) {
            cause = err;
            failed.push(...mine.slice(i, i + SQS_BATCH));
          }
        }
      if (failed.length > 0) {
        throw new QueueSendError(
          `${failed.length} of ${bodies.length} messages not sent to ${queue}`,
          failed,
          {
            cause,
          },
        );
      }
    },
  };
}

/** A partitioned queue's routing key: the body's `domainId` (every consensus message has one). */
function partitionKey(body: unknown): string {
  const id = (body as { domainId?: unknown } | null)?.domainId;
  if (typeof id !== "string") throw new Error("a partitioned queue needs a domainId in each body");
  return id;
}
