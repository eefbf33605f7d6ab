import type { RedisSubscriber } from "../adapters/redis/port";

/** A subscriber that loses the messages `drop` picks, as Pub/Sub may (at-most-once). */
export function droppingSubscriber(
  inner: RedisSubscriber,
  drop: (message: string, index: number) => boolean,
): RedisSubscriber & { dropped: string[] } {
  const dropped: string[] = [];
  let index = 0;
  return {
    dropped,
    subscribe(channel, onMessage) {
      return inner.subscribe(channel, (message) => {
        if (drop(message, index++)) dropped.push(message);
        else onMessage(message);
      });
    },
  };
}
