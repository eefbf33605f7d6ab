import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { BatchHandler } from "./port";

/**
 * What Lambda's SQS event source mapping does with ReportBatchItemFailures, for running a
 * consumer against a real (or emulated) queue: receive a batch, hand it to the handler, delete
 * what succeeded, and make each reported failure visible again after `retryVisibilitySeconds`
 * (SQS moves it to the dead-letter queue once its receives pass the redrive policy's maximum).
 */
export async function pollOnce(o: {
  client: Pick<SQSClient, "send">;
  queueUrl: string;
  handler: BatchHandler;
  batchSize?: number;
  waitSeconds?: number;
  retryVisibilitySeconds?: number;
}): Promise<{ received: number; failed: number }> {
  const out = await o.client.send(
    new ReceiveMessageCommand({
      QueueUrl: o.queueUrl,
      MaxNumberOfMessages: o.batchSize ?? 10,
      WaitTimeSeconds: o.waitSeconds ?? 0,
      MessageSystemAttributeNames: ["ApproximateReceiveCount"],
    }),
  );
  const messages = (out.Messages ?? []).filter((m) => m.MessageId && m.ReceiptHandle);
  if (messages.length === 0) return { received: 0, failed: 0 };
  let failedIds: Set<string>;
  try {
    const result = await o.handler(
      messages.map((m) => ({ messageId: m.MessageId!, body: m.Body ?? "" })),
    );
    failedIds = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
  } catch {
    failedIds = new Set(messages.map((m) => m.MessageId!)); // a thrown handler fails the batch
  }
  const done = messages.filter((m) => !failedIds.has(m.MessageId!));
  const failed = messages.filter((m) => failedIds.has(m.MessageId!));
  if (done.length > 0)
    await o.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: o.queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  if (failed.length > 0)
    await o.client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: o.queueUrl,
        Entries: failed.map((m, i) => ({
          Id: String(i),
          ReceiptHandle: m.ReceiptHandle!,
          VisibilityTimeout: o.retryVisibilitySeconds ?? 0,
        })),
      }),
    );
  return { received: messages.length, failed: failed.length };
}
