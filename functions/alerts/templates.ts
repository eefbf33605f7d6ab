import { describeEvent, describeGroup } from "./describe";
import type { OutboundMessage } from "./types";

/** An email's subject and its two bodies. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function page(title: string, inner: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:640px;margin:auto"><h1 style="font-size:20px">${esc(title)}</h1>${inner}<p style="color:#666;font-size:12px">Sent by DomainPilot.</p></body></html>`;
}

/** The HTML and text email for a delivery: one layout per event type, and one for groups. */
export function renderMail(msg: OutboundMessage, dashboardUrl: string): RenderedMail {
  if (msg.kind !== "single") {
    const g = describeGroup(msg.payload, msg.members, dashboardUrl);
    const items = g.lines
      .map(
        (l) => `<li>${l.link ? `<a href="${esc(l.link)}">${esc(l.text)}</a>` : esc(l.text)}</li>`,
      )
      .join("");
    const text = [
      g.title,
      "",
      ...g.lines.map((l) => `- ${l.text}${l.link ? ` <${l.link}>` : ""}`),
    ].join("\n");
    return {
      subject: `${g.emoji} ${g.title}`,
      html: page(g.title, `<ul>${items}</ul>`),
      text: `${text}\n`,
    };
  }
  const t = describeEvent(msg.payload, dashboardUrl);
  const rows = t.facts
    .map(([k, v]) => `<tr><th align="left">${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join("");
  const link = t.link ? `<p><a href="${esc(t.link)}">Open in DomainPilot</a></p>` : "";
  const text = [
    t.title,
    "",
    ...t.facts.map(([k, v]) => `${k}: ${v}`),
    ...(t.link ? ["", `Open in DomainPilot: ${t.link}`] : []),
  ].join("\n");
  return {
    subject: `${t.emoji} ${t.title}`,
    html: page(t.title, `<table>${rows}</table>${link}`),
    text: `${text}\n`,
  };
}
