import { IncomingWebhook, IncomingWebhookHTTPError } from "@slack/webhook";
import { fetch as undiciFetch } from "undici";
import { errorText } from "./errors";
import { judgeHttp } from "./schedule";
import { slackMessage } from "./slack-blocks";
import { failed, type Sender, sent } from "./types";

/**
 * Block Kit through a Slack incoming webhook. The library's fetch is undici's over the guarded
 * agent (so the SSRF guard sees every connection); its own retries stay off (the delivery
 * schedule retries), and the answer's headers are kept for Retry-After.
 */
export const deliverSlack: Sender = async (deps, channel, msg) => {
  if (channel.config.type !== "slack") return failed("not a Slack channel");
  let headers: Record<string, string> = {};
  const webhook = new IncomingWebhook(channel.config.webhookUrl, {
    timeout: deps.settings.timeoutMs,
    fetch: async (url, init) => {
      const body = typeof init?.body === "string" ? init.body : undefined;
      const res = await undiciFetch(url, { ...init, body, dispatcher: deps.agent });
      headers = Object.fromEntries(res.headers.entries());
      return res;
    },
  });
  try {
    await webhook.send(slackMessage(msg, deps.settings.dashboardUrl));
    return sent(200);
  } catch (err) {
    if (err instanceof IncomingWebhookHTTPError) {
      const v = judgeHttp(err.statusCode, headers, deps.clock.now());
      if (v.ok) return sent(err.statusCode);
      return failed(`${v.error}: ${err.body.slice(0, 200)}`, {
        statusCode: err.statusCode,
        retryAfterMs: v.retryAfterMs,
        gone: v.gone,
      });
    }
    const original = (err as { original?: unknown }).original ?? err;
    return failed(errorText(original, deps.settings.timeoutMs));
  }
};
