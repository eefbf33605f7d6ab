import { createHmac } from "node:crypto";

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
 * Base64 HMAC-SHA256 keyed with a `whsec_` secret's bytes, as Standard Webhooks signs (native
 * crypto: the `standardwebhooks` package hashes in JavaScript; its verifier checks ours in tests).
 */
function hmac(secret: string, content: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  return createHmac("sha256", key).update(content).digest("base64");
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
  const timestamp = String(Math.floor(now / 1000));
  const signed = `${webhookId}.${timestamp}.${body}`;
  const signature = secrets.map((s) => `v1,${hmac(s, signed)}`).join(" ");
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": timestamp,
    "webhook-signature": signature,
  };
}
