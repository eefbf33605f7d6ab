import { renderMail } from "./templates";
import { failed, type Sender, sent } from "./types";

/**
 * One email per recipient (recipients never see each other), sent in one batch call per 100.
 * Each message carries an idempotency key derived from the delivery, so a retry after a crash
 * between the provider's answer and our log write is dropped by the provider.
 */
export const deliverEmail: Sender = async (deps, channel, msg) => {
  if (channel.config.type !== "email") return failed("not an email channel");
  const mail = renderMail(msg, deps.settings.dashboardUrl);
  const results = await deps.mail.send(
    channel.config.to.map((to) => ({
      from: deps.settings.mailFrom,
      to: [to],
      ...mail,
      idempotencyKey: `${msg.webhookId}:${to}`,
    })),
  );
  const bad = results.flatMap((r) => (r.ok ? [] : [r]));
  if (bad.length === 0) return sent(null);
  return failed(`${bad.length} of ${results.length} not accepted: ${bad[0]!.error}`);
};
