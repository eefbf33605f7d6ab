/** What `until`'s probe answers while the condition does not hold yet. */
type NotYet = undefined | false;

/**
 * Polls `probe` every `everyMs` until it answers something other than `undefined` or `false`,
 * and returns that; fails naming `what` once `ms` have passed.
 */
export async function until<T>(
  what: string,
  probe: () => T | NotYet | Promise<T | NotYet>,
  ms: number,
  everyMs = 20,
): Promise<Exclude<T, NotYet>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as Exclude<T, NotYet>;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until `check` holds, polling every few ms: for conditions on in-process state. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  ms = 2_000,
  everyMs = 5,
): Promise<void> {
  await until("condition", check, ms, everyMs);
}
