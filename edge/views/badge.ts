import type { DomainStatus } from "../../schema/wire/domain-status";

/** An XML-safe copy of a text. */
export const xml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

// rough width of 11px Verdana-like text, so no font metrics are shipped
const textWidth = (s: string) => Math.round(s.length * 6.6 + 12);

/** A flat two-part badge (label | message) with its text as <title> and aria-label. */
export function badgeSvg(label: string, message: string, color: string): string {
  const lw = textWidth(label);
  const mw = textWidth(message);
  const w = lw + mw;
  const alt = xml(`${label}: ${message}`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${alt}">` +
    `<title>${alt}</title>` +
    `<rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${color}"/>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${lw / 2}" y="14">${xml(label)}</text><text x="${lw + mw / 2}" y="14">${xml(message)}</text></g></svg>`
  );
}

// white text on these keeps a 4.5:1 contrast
const GREEN = "#2b7a3d";
const AMBER = "#9a6700";
const RED = "#b3261e";
const GREY = "#5f6b76";

const STATUS_COLOR: Record<DomainStatus["status"], string> = {
  up: GREEN,
  down: RED,
  degraded: AMBER,
  flapping: AMBER,
  unknown: GREY,
  paused: GREY,
};

/** The status badge. */
export const statusBadge = (s: DomainStatus["status"]) => badgeSvg("status", s, STATUS_COLOR[s]);

/** The uptime badge over `days` days (null: nothing checked). */
export function uptimeBadge(percent: number | null, days: number): string {
  if (percent === null) return badgeSvg(`uptime ${days}d`, "no data", GREY);
  const color = percent >= 99.9 ? GREEN : percent >= 99 ? AMBER : RED;
  return badgeSvg(`uptime ${days}d`, `${percent}%`, color);
}

/** The certificate badge: days left, or why there is none. */
export function certBadge(tls: DomainStatus["tls"]): string {
  if (!tls) return badgeSvg("certificate", "none seen", GREY);
  if (!tls.authorized) return badgeSvg("certificate", "invalid", RED);
  const d = Math.floor(tls.daysToExpiry);
  if (d < 0) return badgeSvg("certificate", "expired", RED);
  return badgeSvg("certificate", `${d} days left`, d < 14 ? RED : d < 30 ? AMBER : GREEN);
}
