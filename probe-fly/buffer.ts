/**
 * A bounded FIFO that holds items while their destination is unreachable, with at most one
 * batch out for delivery at a time. When full it drops the oldest item not yet handed out and
 * counts it: an item in flight is never dropped (it may already be delivered), and one that
 * was delivered is never counted as lost. Overflow is visible in /metrics, never silent.
 */
export class BoundedBuffer<T> {
  private queued: T[] = [];
  private head = 0;
  private inFlight: T[] = [];
  /** Items dropped unsent because the buffer was full, since start. */
  overflowed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`buffer capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** Items held: waiting plus out for delivery. */
  get depth(): number {
    return this.waiting + this.inFlight.length;
  }

  /** Items not yet handed out. */
  get waiting(): number {
    return this.queued.length - this.head;
  }

  /** Items handed out by `take` and not yet settled. */
  get sending(): number {
    return this.inFlight.length;
  }

  push(item: T): void {
    if (this.depth >= this.capacity) {
      this.overflowed += 1;
      // everything held is in flight: the newcomer is the oldest unsent item
      if (this.waiting === 0) return;
      this.head += 1;
    }
    this.queued.push(item);
    this.compact();
  }

  /** Hands out the oldest `n` waiting items; they stay held until `settle`. */
  take(n: number): T[] {
    if (this.inFlight.length > 0) throw new Error("a batch is already out for delivery");
    const batch = this.queued.slice(this.head, this.head + n);
    this.head += batch.length;
    this.inFlight = batch;
    this.compact();
    return batch;
  }

  /**
   * Ends the delivery of the batch out: `unsent` (default none) goes back to the front of the
   * queue, oldest first; the rest of the batch was delivered and is forgotten.
   */
  settle(unsent: readonly T[] = []): void {
    this.inFlight = [];
    if (unsent.length === 0) return;
    this.queued = [...unsent, ...this.queued.slice(this.head)];
    this.head = 0;
  }

  private compact(): void {
    if (this.head === this.queued.length) {
      this.queued = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.queued.length) {
      this.queued = this.queued.slice(this.head);
      this.head = 0;
    }
  }
}
