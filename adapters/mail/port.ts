/** One email to one or more recipients. */
export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** Provider-side dedupe across retries (Resend keeps it 24 h). */
  idempotencyKey?: string;
}

/** What the provider said about one message of a batch. */
export type MailResult =
  | { ok: true; id: string }
  | { ok: false; error: string; retryable: boolean };

/** Outbound mail: Resend in production, .eml files locally. */
export interface MailPort {
  /** Sends every message; batching is the adapter's job. One result per message, in order. */
  send(messages: MailMessage[]): Promise<MailResult[]>;
}
