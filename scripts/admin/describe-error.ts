/** An error's own words: its message, or for a refused connection's AggregateError (whose
 * message is empty) its first error's, or its code. */
function own(err: Error): string {
  if (err.message) return err.message.split("\n")[0]!;
  const first = err instanceof AggregateError ? err.errors[0] : undefined;
  if (first instanceof Error && first.message) return first.message.split("\n")[0]!;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : err.name;
}

/** One line for an operator: the error and its causes, outermost first, without repeats. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 4; depth++) {
    const text = e instanceof Error ? own(e) : String(e);
    if (!parts.some((p) => p.includes(text))) parts.push(text);
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(": ");
}
