import { and, eq } from "drizzle-orm";
import { type AlertChannel, alertChannels } from "../../schema/control/alert-channels";
import type { AlertsDeps } from "./types";

/**
 * Tells the organization by email that delivery turned a channel off: every address of its
 * enabled email channels (the organization has no other address on file). Best effort: a
 * failure is logged, the channel stays disabled either way.
 */
export async function notifyChannelDisabled(deps: AlertsDeps, channel: AlertChannel) {
  const emailChannels = await deps.db
    .select({ config: alertChannels.config })
    .from(alertChannels)
    .where(
      and(
        eq(alertChannels.orgId, channel.orgId),
        eq(alertChannels.type, "email"),
        eq(alertChannels.enabled, true),
      ),
    );
  const to = [
    ...new Set(emailChannels.flatMap((c) => (c.config.type === "email" ? c.config.to : []))),
  ];
  if (to.length === 0) {
    deps.log.warn("channel disabled; the organization has no email address", {
      channelId: channel.id,
    });
    return;
  }
  const subject = `DomainPilot disabled the channel "${channel.name}"`;
  const text = `Every delivery to the ${channel.type} channel "${channel.name}" (${channel.id}) failed for 5 days, so DomainPilot disabled it. Fix the target and enable it again with PATCH /v1/channels/${channel.id} {"enabled": true}.\n`;
  const results = await deps.mail.send(
    to.map((addr) => ({
      from: deps.settings.mailFrom,
      to: [addr],
      subject,
      text,
      html: `<p>${text.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`,
      idempotencyKey: `disabled:${channel.id}:${addr}`,
    })),
  );
  if (results.some((r) => !r.ok))
    deps.log.warn("could not tell the organization a channel was disabled", {
      channelId: channel.id,
    });
}
