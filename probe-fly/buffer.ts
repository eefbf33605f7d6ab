/**
 * A bounded FIFO that holds items while their destination is unreachable. When full it drops
 * the oldest and counts them: overflow is visible in /metrics, never silent.
 */
export class BoundedBuffer<T> {
  private items: T[] = [];
  private head = 0;
  /** Items dropped because the buffer was full, since start. */
  overflowed = 0;

  constructor(readonly capacity: number) {}

  get depth(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    if (this.depth >= this.capacity) {
      this.head += 1;
      this.overflowed += 1;
    }
    this.items.push(item);
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** The oldest `n` items, left in place until `drop` confirms they were delivered. */
  peek(n: number): T[] {
    return this.items.slice(this.head, this.head + n);
  }

  /** Removes the oldest `n` items (after a successful delivery). */
  drop(n: number): void {
    this.head += Math.min(n, this.depth);
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
  }
}
