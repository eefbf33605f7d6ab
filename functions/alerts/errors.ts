import { GuardError } from "../../adapters/net/guard";

/** A failed attempt's error as the delivery log shows it: refused, timed out, or the network's code. */
export function errorText(err: unknown, timeoutMs: number): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    if (e instanceof GuardError) return `${e.code}: ${e.message}`;
    const name = (e as { name?: string }).name;
    if (
      name === "TimeoutError" ||
      name === "AbortError" ||
      (e as { code?: string }).code === "UND_ERR_HEADERS_TIMEOUT"
    )
      return `TIMEOUT: no answer within ${timeoutMs} ms`;
    e = (e as { cause?: unknown }).cause;
  }
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  return code ? `${code}: ${message}` : message;
}
