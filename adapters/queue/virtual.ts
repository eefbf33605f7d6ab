import type { Clock } from "../clock/clock";
import type { BatchHandler, QueueName, QueuePort } from "./port";

interface Item {
  id: string;
  body: string;
  visibleAt: number;
  receives: number;
}

/**
 * In-process queue on a virtual clock, with the SQS semantics the pipeline replay needs: a
 * message is received once visible (the consumer polls on whole seconds, so what is sent
 * within one second shares a batch), a failed or crashed batch comes back after the
 * visibility timeout, up to `maxReceives`, then goes to the dead letters. Deterministic ids.
 */
export function virtualQueue(o: {
  clock: Clock;
  batchSize?: number;
  maxReceives?: number;
  visibilityTimeoutMs?: number;
  pollMs?: number;
}) {
  const batchSize = o.batchSize ?? 10;
  const maxReceives = o.maxReceives ?? 5;
  const visibility = o.visibilityTimeoutMs ?? 30_000;
  const poll = o.pollMs ?? 1_000;
  const handlers = new Map<QueueName, BatchHandler>();
  const pending = new Map<QueueName, Item[]>();
  const deadLetters: { queue: QueueName; body: string }[] = [];
  let seq = 0;
  const nextPoll = (t: number) => Math.floor(t / poll) * poll + poll;

  function enqueue(queue: QueueName, bodies: unknown[], delayMs: number) {
    const list = pending.get(queue) ?? [];
    pending.set(queue, list);
    const visibleAt = nextPoll(o.clock.now() + delayMs);
    for (const body of bodies) {
      seq += 1;
      list.push({ id: `m${seq}`, body: JSON.stringify(body), visibleAt, receives: 0 });
    }
  }

  const port: QueuePort = {
    async send(queue, bodies) {
      enqueue(queue, bodies, 0);
    },
  };

  /** Receives and handles every batch visible now (including what handlers send meanwhile). */
  async function deliverDue(): Promise<number> {
    let batches = 0;
    for (let progress = true; progress; ) {
      progress = false;
      for (const queue of ["consensus", "alerts"] as QueueName[]) {
        const handler = handlers.get(queue);
        const list = pending.get(queue);
        if (!handler || !list) continue;
        const now = o.clock.now();
        const due = list.filter((i) => i.visibleAt <= now).slice(0, batchSize);
        if (due.length === 0) continue;
        progress = true;
        batches += 1;
        for (const i of due) list.splice(list.indexOf(i), 1);
        let failed: Set<string>;
        try {
          const r = await handler(due.map((i) => ({ messageId: i.id, body: i.body })));
          failed = new Set(r.batchItemFailures.map((f) => f.itemIdentifier));
        } catch {
          failed = new Set(due.map((i) => i.id));
        }
        for (const i of due) {
          if (!failed.has(i.id)) continue;
          i.receives += 1;
          if (i.receives >= maxReceives) deadLetters.push({ queue, body: i.body });
          else list.push({ ...i, visibleAt: nextPoll(now + visibility - 1) });
        }
        list.sort(
          (a, b) => a.visibleAt - b.visibleAt || Number(a.id.slice(1)) - Number(b.id.slice(1)),
        );
      }
    }
    return batches;
  }

  return {
    ...port,
    port,
    /** Sends with a delay (SQS DelaySeconds; the replay's late duplicates). */
    async sendDelayed(queue: QueueName, bodies: unknown[], delayMs: number) {
      enqueue(queue, bodies, delayMs);
    },
    subscribe(queue: QueueName, handler: BatchHandler) {
      handlers.set(queue, handler);
    },
    /** When the next message becomes visible, or null when nothing is pending. */
    nextDue(): number | null {
      let best: number | null = null;
      for (const list of pending.values())
        for (const i of list) if (best === null || i.visibleAt < best) best = i.visibleAt;
      return best;
    },
    deliverDue,
    deadLetters,
  };
}
export type VirtualQueue = ReturnType<typeof virtualQueue>;
