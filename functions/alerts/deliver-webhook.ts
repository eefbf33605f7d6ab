import { guardedPost } from "../../adapters/net/dispatcher";
import { errorText } from "./errors";
import { judgeHttp } from "./schedule";
import { activeSecrets, signedHeaders } from "./signing";
import { failed, type Sender, sent } from "./types";

/** Standard Webhooks POST of `{ type, timestamp, data }`, signed with every active secret. */
export const deliverWebhook: Sender = async (deps, channel, msg) => {
  if (channel.config.type !== "webhook") return failed("not a webhook channel");
  const now = deps.clock.now();
  const body = JSON.stringify(msg.payload);
  const headers = {
    "content-type": "application/json",
    "user-agent": "DomainPilot-Webhooks/1",
    ...signedHeaders(activeSecrets(channel, now), msg.webhookId, now, body),
  };
  try {
    const res = await guardedPost(
      deps.agent,
      channel.config.url,
      body,
      headers,
      deps.settings.timeoutMs,
    );
    const v = judgeHttp(res.statusCode, res.headers, now);
    if (v.ok) return sent(res.statusCode);
    return failed(v.error, {
      statusCode: res.statusCode,
      retryAfterMs: v.retryAfterMs,
      gone: v.gone,
    });
  } catch (err) {
    return failed(errorText(err, deps.settings.timeoutMs));
  }
};
