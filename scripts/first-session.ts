/**
 * A new user's first session against a running `npm start`, step by step as a person would:
 * create a domain with the printed key, add a webhook channel, watch a local target fail in
 * every region, receive the signed webhook, see the incident, see it resolve, open the status
 * page. Usage: `npx tsx scripts/first-session.ts [apiUrl] [keyFile] [intervalSeconds]`
 * (defaults http://127.0.0.1:8787, .data/api-key and 30, the stack's default floor; with
 * `MIN_INTERVAL_SECONDS=1 npm start` an interval of 2 runs it in well under a minute).
 * Every wait scales with the interval. Exit 0 when every step held.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { until } from "../test-support/until";

const apiUrl = process.argv[2] || "http://127.0.0.1:8787";
const key = readFileSync(process.argv[3] || ".data/api-key", "utf8").trim();
const interval = Number(process.argv[4] || 30);
if (!Number.isInteger(interval) || interval < 1) {
  console.error(`intervalSeconds must be a whole number of seconds ≥ 1, got ${process.argv[4]}`);
  process.exit(2);
}
/** a wait of `checks` check intervals plus `slackS` seconds, in ms */
const checksMs = (checks: number, slackS: number) => (checks * interval + slackS) * 1000;
const started = Date.now();
const say = (msg: string) =>
  console.log(`[+${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

let healthy = true;
const target = createServer((_req, res) => {
  res.statusCode = healthy ? 200 : 503;
  res.end(healthy ? "ok" : "down");
});
const hooks: { headers: Record<string, string>; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (d) => {
    body += d;
  });
  req.on("end", () => {
    hooks.push({ headers: req.headers as Record<string, string>, body });
    res.statusCode = 204;
    res.end();
  });
});
const listen = (s: typeof target) =>
  new Promise<string>((r) =>
    s.listen(0, "127.0.0.1", () => r(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );

async function api<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const hookOf = (type: string) => hooks.find((h) => h.body.includes(`"type":"${type}"`));

async function main() {
  const targetUrl = await listen(target);
  const receiverUrl = await listen(receiver);
  say(`target ${targetUrl}, webhook receiver ${receiverUrl}`);
  const channel = await api<{ id: string; secret: string }>("/v1/channels", "POST", {
    type: "webhook",
    name: "my receiver",
    url: `${receiverUrl}/hook`,
  });
  say(`POST /v1/channels → webhook channel ${channel.id}, secret shown once`);
  const domain = await api<{ id: string; regions: string[] }>("/v1/domains", "POST", {
    url: `${targetUrl}/`,
    name: "my site",
    intervalSeconds: interval,
    timeoutMs: 1000,
    channelIds: [channel.id],
  });
  say(`POST /v1/domains → ${domain.id}, checked from ${domain.regions.join(", ")}`);
  await until(
    "up from every region",
    async () => {
      const s = await api<{ status: string; regions: Record<string, unknown> }>(
        `/v1/domains/${domain.id}/status`,
      );
      return s.status === "up" && Object.keys(s.regions).length === domain.regions.length
        ? s
        : undefined;
    },
    checksMs(2, 20),
    250,
  );
  say("GET /v1/domains/:id/status → up in every region");

  healthy = false;
  say("target now answers 503 to every region");
  const opened = await until(
    "incident.opened webhook",
    async () => hookOf("incident.opened"),
    checksMs(6, 30),
    250,
  );
  const verified = new Webhook(channel.secret).verify(opened.body, opened.headers) as {
    data: { incidentId: string; regions?: string[] };
  };
  say(
    `webhook incident.opened received, signature verified (webhook-id ${opened.headers["webhook-id"]}), regions ${verified.data.regions?.join(", ")}`,
  );
  const list = await api<{ incidents: { id: string; state: string }[] }>(
    `/v1/incidents?domainId=${domain.id}`,
  );
  say(`GET /v1/incidents → ${list.incidents.map((i) => `${i.id} ${i.state}`).join("; ")}`);

  healthy = true;
  say("target healthy again");
  await until(
    "incident.resolved webhook",
    async () => hookOf("incident.resolved"),
    checksMs(10, 120),
    250,
  );
  const after = await api<{ incidents: { id: string; state: string; resolvedAt: string }[] }>(
    `/v1/incidents?domainId=${domain.id}`,
  );
  say(`webhook incident.resolved received; GET /v1/incidents → ${after.incidents[0]?.state}`);

  await api("/v1/status-pages", "POST", {
    slug: `first-${Date.now()}`,
    title: "My status",
    domainIds: [domain.id],
  }).then(async (page) => {
    const slug = (page as { slug: string }).slug;
    const html = await until(
      "status page",
      async () => {
        const res = await fetch(`${apiUrl}/status/${slug}`);
        return res.status === 200 ? res.text() : undefined;
      },
      60_000,
      250,
    );
    say(
      `GET /status/${slug} → 200, ${html.length} bytes, lists "my site": ${html.includes("my site")}`,
    );
  });
  say(
    `${hooks.length} webhooks received in all: ${hooks.map((h) => JSON.parse(h.body).type).join(", ")}`,
  );
}

main()
  .then(() => {
    target.close();
    receiver.close();
  })
  .catch((err: unknown) => {
    console.error(`first session failed: ${(err as Error).message}`);
    process.exit(1);
  });
