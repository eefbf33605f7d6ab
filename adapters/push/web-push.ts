import type { Agent } from "undici";
import webpush from "web-push";
import { guardedPost } from "../net/dispatcher";
import type { PushPort } from "./port";

/** VAPID identity of the sender (keys from `web-push generate-vapid-keys`). */
export interface VapidKeys {
  subject: string;
  publicKey: string;
  privateKey: string;
}

/**
 * Web Push through the `web-push` library's request builder (aes128gcm payload encryption,
 * VAPID JWT), sent over the guarded agent so the SSRF guard checks the push service too.
 */
export function webPushAdapter(o: { vapid: VapidKeys; agent: Agent }): PushPort {
  return {
    async send(subscription, payload, opts) {
      const req = webpush.generateRequestDetails(subscription, payload, {
        vapidDetails: o.vapid,
        TTL: opts.ttlSeconds,
        contentEncoding: "aes128gcm",
        urgency: "high",
        ...(opts.topic ? { topic: opts.topic } : {}),
      });
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      const res = await guardedPost(
        o.agent,
        req.endpoint,
        req.body ?? new Uint8Array(),
        headers,
        opts.timeoutMs,
      );
      return { statusCode: res.statusCode, headers: res.headers, body: res.body };
    },
  };
}
