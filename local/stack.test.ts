import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../adapters/log/logger";
import { until } from "../test-support/until";
import { loadConfig } from "./config";
import { type LocalStack, startLocalStack } from "./stack";

describe("local stack, end to end", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "dp-stack-"));
  const lines: string[] = [];
  const log: Logger = {
    info: (m, f) => lines.push(`${m} ${JSON.stringify(f ?? {})}`),
    warn: (m, f) => lines.push(`${m} ${JSON.stringify(f ?? {})}`),
    error: (m, f) => lines.push(`${m} ${JSON.stringify(f ?? {})}`),
  };
  let stack: LocalStack;
  let target: Server;
  let healthy = true;
  let targetUrl = "";
  let hookServer: Server | undefined;

  beforeAll(async () => {
    target = createServer((_req, res) => {
      res.statusCode = healthy ? 200 : 503;
      res.end(healthy ? "all good" : "down");
    });
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
    const config = loadConfig({ PORT: "0", DATA_DIR: dataDir, MIN_INTERVAL_SECONDS: "1" });
    stack = await startLocalStack(config, log);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await new Promise<void>((r) => target.close(() => r()));
    if (hookServer) await new Promise<void>((r) => hookServer!.close(() => r()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json" },
    });

  it("creates an organization and a key on first start and writes it to DATA_DIR", () => {
    expect(stack.apiKeyCreated).toBe(true);
    expect(readFileSync(join(dataDir, "api-key"), "utf8").trim()).toBe(stack.apiKey);
  });

  it("counts every check in /uptime and keeps each region's checkedAt seconds old while up", async () => {
    const created = await api("/v1/domains", {
      method: "POST",
      body: JSON.stringify({ url: targetUrl, intervalSeconds: 1, timeoutMs: 1000 }),
    });
    const { id } = (await created.json()) as { id: string };
    const checks = async () => {
      const body = (await (await api(`/v1/domains/${id}/uptime?granularity=hour`)).json()) as {
        buckets: { checks: number }[];
      };
      return body.buckets.reduce((s, b) => s + b.checks, 0);
    };
    await until("six checks", async () => (await checks()) >= 6, 20_000, 100);
    for (let i = 0; i < 3; i++) {
      const s = (await (await api(`/v1/domains/${id}/status`)).json()) as {
        regions: Record<string, { checkedAt: string }>;
      };
      const ages = Object.values(s.regions).map((r) => Date.now() - Date.parse(r.checkedAt));
      expect(ages).toHaveLength(3);
      // one-second checks, a one-second ingest pause: a few seconds at most
      for (const age of ages) expect(age).toBeLessThan(5_000);
      await new Promise((r) => setTimeout(r, 1_500));
    }
    const before = await checks();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await checks()).toBeGreaterThan(before);
    await api(`/v1/domains/${id}`, { method: "DELETE" });
  }, 60_000);

  it("checks a registered domain from three regions, then opens an incident and alerts when it goes down", async () => {
    const created = await api("/v1/domains", {
      method: "POST",
      body: JSON.stringify({ url: targetUrl, intervalSeconds: 1, timeoutMs: 1000 }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const hooks: { headers: Record<string, unknown>; body: string }[] = [];
    hookServer = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        hooks.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((r) => hookServer!.listen(0, "127.0.0.1", r));
    const hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
    const hook = await api("/v1/channels", {
      method: "POST",
      body: JSON.stringify({ type: "webhook", url: hookUrl }),
    });
    const { secret } = (await hook.json()) as { secret: string };
    await api("/v1/channels", {
      method: "POST",
      body: JSON.stringify({ type: "email", to: ["ops@example.com"] }),
    });

    const up = await until(
      "up from three regions",
      async () => {
        const s = (await (await api(`/v1/domains/${id}/status`)).json()) as {
          status: string;
          regions: Record<string, { ok: boolean }>;
        };
        return s.status === "up" && Object.keys(s.regions).length === 3 ? s : undefined;
      },
      15_000,
      100,
    );
    expect(Object.keys(up.regions).sort()).toEqual(["ams", "iad", "sin"]);

    healthy = false;
    const incident = await until(
      "an open incident",
      async () => {
        const body = (await (await api(`/v1/incidents?domainId=${id}`)).json()) as {
          incidents: { state: string; regions: string[] }[];
        };
        return body.incidents.find((i) => i.state === "open");
      },
      15_000,
      100,
    );
    expect(incident.regions.length).toBeGreaterThanOrEqual(2);
    await until(
      "the delivered incident.opened",
      () => lines.some((l) => l.startsWith("delivered incident.opened")),
      5_000,
      100,
    );
    const opened = hooks.find((h) => JSON.parse(h.body).type === "incident.opened")!;
    expect(
      new Webhook(secret).verify(opened.body, opened.headers as Record<string, string>),
    ).toMatchObject({
      data: { domainId: id },
    });
    const outbox = await until(
      "a mail in the outbox",
      async () => {
        const files = existsSync(join(dataDir, "outbox"))
          ? readdirSync(join(dataDir, "outbox"))
          : [];
        return files.length > 0 ? files : undefined;
      },
      5_000,
      100,
    );
    expect(readFileSync(join(dataDir, "outbox", outbox[0]!), "utf8")).toContain("ops@example.com");

    const status = (await (await api(`/v1/domains/${id}/status`)).json()) as { status: string };
    expect(status.status).toBe("down");
  }, 60_000);
});
