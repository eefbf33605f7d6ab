/** The queues between units; SQS in production, in-process on one machine. */
export type QueueName = "consensus" | "alerts";

/** One message as a consumer sees it: the shape of an SQS record, trimmed. */
export interface QueueRecord {
  messageId: string;
  body: string;
}

/** What an SQS-triggered handler returns: the ids to redeliver (partial batch response). */
export interface BatchResult {
  batchItemFailures: { itemIdentifier: string }[];
}

export type BatchHandler = (records: QueueRecord[]) => Promise<BatchResult>;

/** Producer side of a queue. Bodies are JSON-serialised; batching is the adapter's job. */
export interface QueuePort {
  send(queue: QueueName, bodies: unknown[]): Promise<void>;
}
