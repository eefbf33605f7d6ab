/**
 * Group commit: runs `write` on what callers submit with at most `inFlight` runs at once; what
 * is submitted while every run is busy waits and goes in the next run, together. A caller that
 * finds a free run starts it at once, so an idle process adds no wait; a busy one pays one set
 * of round trips for many batches instead of one set each. `write` gets the submissions in
 * order and answers one result per submission; when it throws, every caller of that run gets
 * the error (and may retry on its own).
 */
export function groupCommit<T, R>(
  inFlight: number,
  write: (items: T[]) => Promise<R[]>,
  /** At most this many submissions go in one run. */
  maxPerRun = Number.POSITIVE_INFINITY,
) {
  type Waiting = { item: T; resolve: (r: R) => void; reject: (err: unknown) => void };
  let queue: Waiting[] = [];
  let running = 0;
  const pump = () => {
    while (running < inFlight && queue.length > 0) {
      const take = queue.length <= maxPerRun ? queue : queue.slice(0, maxPerRun);
      queue = take === queue ? [] : queue.slice(maxPerRun);
      running += 1;
      Promise.resolve()
        .then(() => write(take.map((w) => w.item)))
        .then(
          (results) => {
            for (const [i, w] of take.entries()) w.resolve(results[i]!);
          },
          (err) => {
            for (const w of take) w.reject(err);
          },
        )
        .finally(() => {
          running -= 1;
          pump();
        });
    }
  };
  return (item: T): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
