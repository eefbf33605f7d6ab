import { Webhook } from "standardwebhooks";

/** The secrets that sign a channel's deliveries now: the current one, and the previous until it expires. */
export function activeSecrets(
  channel: {
    signingSecret: string | null;
    previousSigningSecret: string | null;
    previousSecretExpiresAt: Date | null;
  },
  now: number,
): string[] {
  const out: string[] = [];
  if (channel.signingSecret) out.push(channel.signingSecret);
  if (
    channel.previousSigningSecret &&
    channel.previousSecretExpiresAt &&
    channel.previousSecretExpiresAt.getTime() > now
  ) {
    out.push(channel.previousSigningSecret);
  }
  return out;
}

/**
 * Standard Webhooks headers for a body: `webhook-signature` carries one `v1,<sig>` per active
 * secret, space-separated, so a receiver holding either secret verifies during a rotation.
 */
export function signedHeaders(
  secrets: string[],
  webhookId: string,
  now: number,
  body: string,
): Record<string, string> {
  if (secrets.length === 0) throw new Error("a webhook channel without a signing secret");
  const at = new Date(now);
  const signature = secrets.map((s) => new Webhook(s).sign(webhookId, at, body)).join(" ");
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(Math.floor(now / 1000)),
    "webhook-signature": signature,
  };
}
