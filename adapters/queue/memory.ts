import { randomUUID } from "node:crypto";
import type { BatchHandler, QueueName, QueuePort, QueueRecord } from "./port";

/**
 * In-process queue with SQS semantics that matter to consumers: batches of up to
 * `batchSize`, at-least-once delivery (a reported failure is redelivered), bounded retries.
 */
export function memoryQueue(opts: { batchSize?: number; maxReceives?: number } = {}) {
  const batchSize = opts.batchSize ?? 10;
  const maxReceives = opts.maxReceives ?? 5;
  const handlers = new Map<QueueName, BatchHandler>();
  const pending = new Map<QueueName, { record: QueueRecord; receives: number }[]>();
  const sent: { queue: QueueName; body: unknown }[] = [];
  const deadLetters: { queue: QueueName; body: string }[] = [];
  let draining: Promise<void> = Promise.resolve();

  async function drain(queue: QueueName): Promise<void> {
    const handler = handlers.get(queue);
    const items = pending.get(queue);
    if (!handler || !items) return;
    while (items.length > 0) {
      const batch = items.splice(0, batchSize);
      let failed: Set<string>;
      try {
        const result = await handler(batch.map((b) => b.record));
        failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
      } catch {
        failed = new Set(batch.map((b) => b.record.messageId));
      }
      for (const item of batch) {
        if (!failed.has(item.record.messageId)) continue;
        item.receives += 1;
        if (item.receives >= maxReceives) deadLetters.push({ queue, body: item.record.body });
        else items.push(item);
      }
    }
  }

  const port: QueuePort = {
    async send(queue, bodies) {
      const list = pending.get(queue) ?? [];
      pending.set(queue, list);
      for (const body of bodies) {
        sent.push({ queue, body });
        list.push({ record: { messageId: randomUUID(), body: JSON.stringify(body) }, receives: 0 });
      }
      draining = draining.then(() => drain(queue));
    },
  };

  return {
    ...port,
    /** Attach the consumer of a queue (the SQS event source mapping, locally). */
    subscribe(queue: QueueName, handler: BatchHandler) {
      handlers.set(queue, handler);
      draining = draining.then(() => drain(queue));
    },
    /** Resolves when every message sent so far has been handled. */
    idle: () => draining,
    sent,
    deadLetters,
  };
}
export type MemoryQueue = ReturnType<typeof memoryQueue>;
