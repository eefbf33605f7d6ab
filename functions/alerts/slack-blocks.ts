import type { KnownBlock } from "@slack/types";
import { describeEvent, describeGroup } from "./describe";
import type { OutboundMessage } from "./types";

/** Slack's limits: blocks per message, characters per text object. */
export const SLACK_MAX_BLOCKS = 50;
export const SLACK_MAX_TEXT = 3000;

const cut = (s: string, max = SLACK_MAX_TEXT) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The Block Kit message for a delivery, within Slack's limits; `text` is the notification fallback. */
export function slackMessage(msg: OutboundMessage, dashboardUrl: string) {
  if (msg.kind !== "single") return groupMessage(msg, dashboardUrl);
  const t = describeEvent(msg.payload, dashboardUrl);
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: cut(`${t.emoji} ${t.title}`, 150) } },
    {
      type: "section",
      fields: t.facts
        .slice(0, 10)
        .map(([k, v]) => ({ type: "mrkdwn", text: cut(`*${k}*\n${esc(v)}`, 2000) })),
    },
  ];
  if (t.link)
    blocks.push({
      type: "actions",
      elements: [
        { type: "button", text: { type: "plain_text", text: "Open in DomainPilot" }, url: t.link },
      ],
    });
  return { text: cut(t.title), blocks };
}

function groupMessage(msg: OutboundMessage, dashboardUrl: string) {
  const g = describeGroup(msg.payload, msg.members, dashboardUrl);
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: cut(`${g.emoji} ${g.title}`, 150) } },
  ];
  // lines packed into sections of at most SLACK_MAX_TEXT characters, leaving a block for "and N more"
  let chunk = "";
  let shown = 0;
  const flush = () => {
    if (chunk) blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
    chunk = "";
  };
  for (const line of g.lines) {
    const text = line.link ? `• <${line.link}|${esc(line.text)}>` : `• ${esc(line.text)}`;
    if (chunk.length + text.length + 1 > SLACK_MAX_TEXT) {
      if (blocks.length >= SLACK_MAX_BLOCKS - 2) break;
      flush();
    }
    chunk = chunk ? `${chunk}\n${text}` : cut(text);
    shown += 1;
  }
  flush();
  const rest = g.lines.length - shown;
  if (rest > 0)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `…and ${rest} more` }] });
  return { text: cut(g.title), blocks };
}
