import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Logger } from "../adapters/log/logger";
import { deleteKeysWithPrefix } from "../test-support/redis";
import { scratchDatabase } from "../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../test-support/services";
import { until } from "../test-support/until";
import { loadConfig } from "./config";
import { type LocalStack, startLocalStack } from "./stack";

const REGIONS = { "127.0.0.11": "ams", "127.0.0.12": "iad", "127.0.0.13": "sin" } as const;
type Addr = keyof typeof REGIONS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWith(
  ["DATABASE_URL", "TIMESERIES_DATABASE_URL", "REDIS_URL"],
  "local stack on PostgreSQL and Redis, regions bound to 127.0.0.11-13",
  () => {
    const dataDir = mkdtempSync(join(tmpdir(), "dp-e2e-"));
    const log: Logger = { info() {}, warn() {}, error() {} };
    const failing = new Set<Addr>();
    /** Requests the target saw: path and source address. */
    const seen: { path: string; from: string; at: number }[] = [];
    const hooks: { headers: Record<string, string>; body: string; at: number }[] = [];
    let stack: LocalStack;
    let target: Server;
    let receiver: Server;
    let targetUrl = "";
    let receiverUrl = "";
    const drops: (() => Promise<void>)[] = [];
    const redisUrl = `${serviceUrl("REDIS_URL")!.replace(/\/\d*$/, "")}/9`;

    const listen = async (s: Server) => {
      await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    };

    beforeAll(async () => {
      target = createServer((req, res) => {
        const from = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "") as Addr;
        seen.push({ path: req.url ?? "/", from, at: Date.now() });
        res.statusCode = failing.has(from) ? 503 : 200;
        res.end(failing.has(from) ? "down" : "ok");
      });
      receiver = createServer((req: IncomingMessage, res) => {
        let body = "";
        req.on("data", (d) => {
          body += d;
        });
        req.on("end", () => {
          hooks.push({ headers: req.headers as Record<string, string>, body, at: Date.now() });
          res.statusCode = 204;
          res.end();
        });
      });
      targetUrl = await listen(target);
      receiverUrl = await listen(receiver);
      const control = await scratchDatabase(serviceUrl("DATABASE_URL")!, "e2e_control");
      const timeseries = await scratchDatabase(serviceUrl("TIMESERIES_DATABASE_URL")!, "e2e_ts");
      drops.push(control.drop, timeseries.drop);
      await deleteKeysWithPrefix(redisUrl, "dp:");
      const config = loadConfig({
        PORT: "0",
        DATA_DIR: dataDir,
        MIN_INTERVAL_SECONDS: "1",
        DATABASE_URL: control.url,
        TIMESERIES_DATABASE_URL: timeseries.url,
        REDIS_URL: redisUrl,
        LOCAL_REGIONS: Object.entries(REGIONS)
          .map(([a, n]) => `${n}@${a}`)
          .join(","),
      });
      stack = await startLocalStack(config, log);
    }, 60_000);

    afterAll(async () => {
      await stack?.stop();
      await new Promise<void>((r) => target.close(() => r()));
      await new Promise<void>((r) => receiver.close(() => r()));
      for (const drop of drops) await drop();
      await deleteKeysWithPrefix(redisUrl, "dp:");
      rmSync(dataDir, { recursive: true, force: true });
    });

    const api = async <T>(path: string, method = "GET", body?: unknown): Promise<T> => {
      const res = await fetch(`${stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    const events = () => hooks.map((h) => (JSON.parse(h.body) as { type: string }).type);

    it("pages by signed webhook only when every region fails, resolves, and keeps config in step", async () => {
      const channel = await api<{ id: string; secret: string }>("/v1/channels", "POST", {
        type: "webhook",
        name: "ops receiver",
        url: `${receiverUrl}/hook`,
      });
      const { id } = await api<{ id: string }>("/v1/domains", "POST", {
        url: `${targetUrl}/site`,
        intervalSeconds: 2,
        // the longest the interval allows: the target fails at once (503) when told to, so
        // only a stall of this busy process can time a check out, and three at once (one per
        // region, all in this process) would restart the recovery's 60 s
        timeoutMs: 2000,
        channelIds: [channel.id],
      });
      const fromAll = (path: string, after = 0) =>
        until(
          `${path} checked from every region`,
          async () => {
            const from = new Set(
              seen.filter((s) => s.path === path && s.at > after).map((s) => s.from),
            );
            return from.size === 3 ? [...from].sort() : undefined;
          },
          10_000,
          100,
        );
      expect(await fromAll("/site")).toEqual(Object.keys(REGIONS).sort());
      await until(
        "status up",
        async () =>
          (await api<{ status: string }>(`/v1/domains/${id}/status`)).status === "up"
            ? true
            : undefined,
        15_000,
        100,
      );

      // one region failing: a regional problem, not an outage
      failing.add("127.0.0.11");
      await sleep(12_000);
      expect(
        (await api<{ incidents: unknown[] }>(`/v1/incidents?domainId=${id}`)).incidents,
      ).toEqual([]);
      expect(events().filter((t) => t.startsWith("incident."))).toEqual([]);

      // every region failing pages within 10 s, signed
      failing.add("127.0.0.12");
      failing.add("127.0.0.13");
      const brokeAt = Date.now();
      const opened = await until(
        "incident.opened webhook",
        async () => hooks.find((h) => h.body.includes('"incident.opened"')),
        15_000,
        100,
      );
      expect(opened.at - brokeAt).toBeLessThan(10_000);
      const verified = new Webhook(channel.secret).verify(opened.body, opened.headers) as {
        type: string;
        data: { domainId?: string };
      };
      expect(verified.type).toBe("incident.opened");
      expect(() =>
        new Webhook(`whsec_${Buffer.from("wrong-secret-wrong").toString("base64")}`).verify(
          opened.body,
          opened.headers,
        ),
      ).toThrow();
      const open = await api<{ incidents: { id: string; state: string }[] }>(
        `/v1/incidents?domainId=${id}`,
      );
      expect(open.incidents.map((i) => i.state)).toEqual(["open"]);

      // recovery resolves, once a majority has been up for max(2 intervals, 60 s)
      failing.clear();
      // 60 s of a majority up at the least, about 65 s here; more under load, where checks
      // that time out (2 s) in this one busy process restart the 60 s: the wait allows that
      await until(
        "incident.resolved webhook",
        async () => (hooks.some((h) => h.body.includes('"incident.resolved"')) ? true : undefined),
        150_000,
        100,
      );
      const after = await api<{ incidents: { state: string }[] }>(`/v1/incidents?domainId=${id}`);
      expect(after.incidents.map((i) => i.state)).toEqual(["resolved"]);
      expect(events().filter((t) => t === "incident.opened")).toHaveLength(1);

      // the public status page lists the domain and its resolved incident
      await api("/v1/status-pages", "POST", { slug: "e2e", title: "E2E", domainIds: [id] });
      const page = await until(
        "status page with the incident",
        async () => {
          const res = await fetch(`${stack.url}/status/e2e.json`);
          if (res.status !== 200) return undefined;
          const text = await res.text();
          return text.includes(id) ? text : undefined;
        },
        40_000,
        100,
      );
      expect(page).toContain(id);

      // a config change reaches every region
      const changedAt = Date.now();
      await api(`/v1/domains/${id}`, "PATCH", { url: `${targetUrl}/moved` });
      expect(await fromAll("/moved", changedAt)).toEqual(Object.keys(REGIONS).sort());

      // uptime buckets count the checks
      const from = new Date(Date.now() - 3_600_000).toISOString();
      const to = new Date(Date.now() + 3_600_000).toISOString();
      const uptime = await until(
        "uptime buckets with checks",
        async () => {
          const u = await api<{ buckets: { checks: number; failures: number }[] }>(
            `/v1/domains/${id}/uptime?from=${from}&to=${to}&granularity=hour`,
          );
          const checks = u.buckets.reduce((s, b) => s + b.checks, 0);
          return checks > 0 ? u : undefined;
        },
        15_000,
        100,
      );
      expect(uptime.buckets.reduce((s, b) => s + b.failures, 0)).toBeGreaterThan(0);

      // a deleted domain is no longer checked
      await api(`/v1/domains/${id}`, "DELETE");
      await sleep(3_000);
      const count = seen.length;
      await sleep(5_000);
      expect(seen.length).toBe(count);
    }, 300_000);
  },
);
