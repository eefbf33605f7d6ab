import { describeEvent, describeGroup } from "./describe";
import { errorText } from "./errors";
import { judgeHttp } from "./schedule";
import { failed, type OutboundMessage, type Sender, sent } from "./types";

/** Push services accept about 4 KB; we stay at 3 KB of plaintext. */
export const MAX_PUSH_BYTES = 3072;

/** The notification a service worker shows: title, body, link, tag. */
export function pushPayload(msg: OutboundMessage, dashboardUrl: string): string {
  const single = msg.kind === "single";
  const t = single ? describeEvent(msg.payload, dashboardUrl) : null;
  const g = single ? null : describeGroup(msg.payload, msg.members, dashboardUrl);
  const title = t ? `${t.emoji} ${t.title}` : `${g!.emoji} ${g!.title}`;
  const lines = t ? t.facts.map(([k, v]) => `${k}: ${v}`) : g!.lines.map((l) => l.text);
  const base = {
    type: msg.payload.type,
    title,
    url: t?.link ?? dashboardUrl,
    tag: msg.webhookId,
    timestamp: msg.payload.timestamp,
  };
  let kept = lines;
  let out = JSON.stringify({ ...base, body: kept.join("\n") });
  while (Buffer.byteLength(out) > MAX_PUSH_BYTES && kept.length > 0) {
    kept = kept.slice(0, -1);
    const more = lines.length - kept.length;
    out = JSON.stringify({ ...base, body: `${kept.join("\n")}\n…and ${more} more` });
  }
  if (Buffer.byteLength(out) > MAX_PUSH_BYTES)
    out = JSON.stringify({ ...base, title: title.slice(0, 200), body: "" });
  return out;
}

/** Web Push to the channel's subscription; 404 or 410 means the subscription is gone. */
export const deliverPush: Sender = async (deps, channel, msg) => {
  if (channel.config.type !== "push") return failed("not a push channel");
  if ("removed" in channel.config) return failed("push subscription removed", { gone: true });
  const { endpoint, keys } = channel.config;
  try {
    const res = await deps.push.send(
      { endpoint, keys },
      pushPayload(msg, deps.settings.dashboardUrl),
      { ttlSeconds: 24 * 3600, timeoutMs: deps.settings.timeoutMs },
    );
    const v = judgeHttp(res.statusCode, res.headers, deps.clock.now());
    if (v.ok) return sent(res.statusCode);
    return failed(v.error, {
      statusCode: res.statusCode,
      retryAfterMs: v.retryAfterMs,
      gone: res.statusCode === 404 || res.statusCode === 410,
    });
  } catch (err) {
    return failed(errorText(err, deps.settings.timeoutMs));
  }
};
