import type { ChannelConfig } from "../../schema/control/alert-channels";
import { deliverEmail } from "./deliver-email";
import { deliverPush } from "./deliver-push";
import { deliverSlack } from "./deliver-slack";
import { deliverWebhook } from "./deliver-webhook";
import type { Sender } from "./types";

/** The sender of each channel type. */
export const senders: Record<ChannelConfig["type"], Sender> = {
  webhook: deliverWebhook,
  slack: deliverSlack,
  email: deliverEmail,
  push: deliverPush,
};
