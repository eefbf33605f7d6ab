import type { DeliveryPayload } from "../../schema/control/deliveries";

/** Words for an event, shared by Slack, email and push so every channel says the same thing. */
export interface EventText {
  /** One line: what happened to which domain. */
  title: string;
  /** Supporting facts, one per line. */
  facts: [label: string, value: string][];
  /** The dashboard page of the incident (or domain), when there is one. */
  link: string | null;
  emoji: string;
}

const str = (v: unknown) => (typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v));

const HEADLINES: Record<string, [emoji: string, text: string]> = {
  "incident.opened": ["🔴", "is down"],
  "incident.resolved": ["✅", "is back up"],
  "flapping.started": ["🟠", "is flapping"],
  "flapping.ended": ["🟢", "stopped flapping"],
  digest: ["🟠", "flapping digest"],
  "ssl.expiring": ["🔒", "certificate expires soon"],
  "ssl.invalid": ["⛔", "certificate is invalid"],
  degraded: ["🟡", "is degraded"],
  test: ["🔔", "test notification"],
};

function subject(data: Record<string, unknown>): string {
  return str(data.name ?? data.url ?? data.domain ?? data.domainId ?? "a domain");
}

/** Title, facts and link of one event. */
export function describeEvent(p: DeliveryPayload, dashboardUrl: string): EventText {
  const [emoji, text] = HEADLINES[p.type] ?? ["🔔", p.type];
  const d = p.data;
  const facts: [string, string][] = [["When", p.timestamp]];
  if (Array.isArray(d.regions) && d.regions.length > 0)
    facts.push(["Regions", d.regions.map(str).join(", ")]);
  if (d.daysToExpiry !== undefined) facts.push(["Days to expiry", str(d.daysToExpiry)]);
  if (d.error) facts.push(["Error", str(d.error)]);
  if (d.cause) facts.push(["Cause", str(d.cause)]);
  if (p.type === "test") facts.push(["Message", str(d.message)]);
  const base = dashboardUrl.replace(/\/$/, "");
  const link = d.incidentId
    ? `${base}/incidents/${str(d.incidentId)}`
    : d.domainId
      ? `${base}/domains/${str(d.domainId)}`
      : null;
  const title = p.type === "test" ? "DomainPilot test notification" : `${subject(d)} ${text}`;
  return { title, facts, link, emoji };
}

/** Title and one line per member of a storm or summary message. */
export function describeGroup(
  p: DeliveryPayload,
  members: DeliveryPayload[],
  dashboardUrl: string,
) {
  const n = members.length;
  const title =
    p.type === "summary"
      ? `${n} notifications held back by the rate limit`
      : p.type === "incident.resolved"
        ? `${n} domains are back up`
        : `${n} domains are down`;
  const lines = members.map((m) => {
    const t = describeEvent(m, dashboardUrl);
    return { text: `${t.emoji} ${t.title} (${m.timestamp})`, link: t.link };
  });
  return { title, lines, emoji: p.type === "incident.resolved" ? "✅" : "🔴" };
}
