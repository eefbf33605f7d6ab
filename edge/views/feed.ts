import type { IncidentSummary, StatusPageView } from "../../schema/wire/status-page";
import { xml } from "./badge";
import { humanTime, INCIDENT_STATE } from "./labels";

const updatedOf = (i: IncidentSummary) =>
  i.timeline.reduce((t, s) => (s.at > t ? s.at : t), i.resolvedAt ?? i.openedAt);

/** An Atom feed of the page's incidents, open and recent, newest first. */
export function incidentFeed(view: StatusPageView, pageUrl: string, feedUrl: string): string {
  const names = new Map(view.domains.map((d) => [d.id, d.name]));
  const all = [...view.activeIncidents, ...view.recentIncidents];
  const updated = all.reduce((t, i) => (updatedOf(i) > t ? updatedOf(i) : t), "");
  const entries = all.map((i) => {
    const name = names.get(i.domainId) ?? "A service";
    const state = INCIDENT_STATE[i.state] ?? i.state;
    const lines = i.timeline.map(
      (s) =>
        `${humanTime(s.at)}: ${INCIDENT_STATE[s.state] ?? s.state}${s.message ? ` - ${s.message}` : ""}`,
    );
    return (
      `<entry><id>urn:uuid:${xml(i.id)}</id><title>${xml(`${name}: ${i.title} (${state})`)}</title>` +
      `<published>${i.openedAt}</published><updated>${updatedOf(i)}</updated>` +
      `<link href="${xml(pageUrl)}"/><content type="text">${xml(lines.join("\n"))}</content></entry>`
    );
  });
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">` +
    `<id>${xml(pageUrl)}</id><title>${xml(`${view.title} incidents`)}</title>` +
    `<updated>${updated || view.generatedAt}</updated>` +
    `<link rel="self" href="${xml(feedUrl)}"/><link href="${xml(pageUrl)}"/>` +
    `${entries.join("")}</feed>`
  );
}
