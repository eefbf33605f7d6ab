import { createHash } from "node:crypto";
import { Resend } from "resend";
import type { MailMessage, MailPort, MailResult } from "./port";

/** Resend's batch endpoint takes at most 100 emails per call. */
export const RESEND_BATCH = 100;

/** Options of the Resend adapter; `baseUrl` points the SDK at a local server in tests. */
export interface ResendOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
}

const keyOf = (chunk: MailMessage[]) => {
  const keys = chunk.map((m) => m.idempotencyKey ?? "");
  if (keys.some((k) => k === "")) return undefined;
  return createHash("sha256").update(keys.join("\n")).digest("hex").slice(0, 48);
};

/** MailPort over the Resend SDK: one call per 100 messages (batch), each call with a timeout. */
export function resendMail(o: ResendOptions): MailPort {
  const client = new Resend(o.apiKey, o.baseUrl ? { baseUrl: o.baseUrl } : undefined);
  const timeoutMs = o.timeoutMs ?? 15_000;
  return {
    async send(messages) {
      const results: MailResult[] = [];
      for (let i = 0; i < messages.length; i += RESEND_BATCH) {
        const chunk = messages.slice(i, i + RESEND_BATCH);
        const idempotencyKey = keyOf(chunk);
        const opts = {
          signal: AbortSignal.timeout(timeoutMs),
          ...(idempotencyKey ? { idempotencyKey } : {}),
        };
        const payload = chunk.map((m) => ({
          from: m.from,
          to: m.to,
          subject: m.subject,
          html: m.html,
          text: m.text,
        }));
        try {
          const res = await client.batch.send(payload, opts);
          if (res.error) {
            const status = (res.error as { statusCode?: number | null }).statusCode ?? null;
            const retryable = status === null || status === 429 || status >= 500;
            for (const _ of chunk)
              results.push({
                ok: false,
                error: `${res.error.name}: ${res.error.message}`,
                retryable,
              });
          } else {
            const ids = res.data?.data ?? [];
            for (let j = 0; j < chunk.length; j++) results.push({ ok: true, id: ids[j]?.id ?? "" });
          }
        } catch (err) {
          const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          for (const _ of chunk) results.push({ ok: false, error, retryable: true });
        }
      }
      return results;
    },
  };
}
