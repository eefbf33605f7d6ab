/** A browser's push subscription (PushSubscription.toJSON()). */
export interface PushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** The push service's answer. */
export interface PushAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Web Push: encrypts (aes128gcm), signs (VAPID) and posts one payload to a subscription. */
export interface PushPort {
  send(
    subscription: PushSubscription,
    payload: string,
    opts: { ttlSeconds: number; timeoutMs: number; topic?: string },
  ): Promise<PushAnswer>;
}
