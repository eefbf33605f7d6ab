import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axe from "axe-core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../adapters/log/logger";
import { writeDailyBars } from "../adapters/redis/status-read-model";
import { someBars } from "../edge/testing/seed";
import { reconcileStatusPages } from "../functions/maintenance/reconcile-status-pages";
import { launchChromium } from "../test-support/chromium";
import { until } from "../test-support/until";
import { loadConfig } from "./config";
import { type LocalStack, startLocalStack } from "./stack";

const OUT = join(process.cwd(), "test-output");
const silent: Logger = { info() {}, warn() {}, error() {} };

// a real browser on the local stack's own server: no service URL needed, so it never skips;
// a missing chromium fails the run (.ci/run installs it)
describe("a status page in a real browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "dp-browser-"));
  let stack: LocalStack;
  let browser: Browser;
  const targets: Server[] = [];
  let pageUrl = "";

  const target = async (status: number) => {
    const s = createServer((_req, res) => {
      res.statusCode = status;
      res.end(status === 200 ? "ok" : "failing");
    });
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    targets.push(s);
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
  };

  beforeAll(async () => {
    const config = loadConfig({ PORT: "0", DATA_DIR: dataDir, MIN_INTERVAL_SECONDS: "1" });
    stack = await startLocalStack(config, silent);
    const api = async (path: string, body?: unknown) => {
      const res = await fetch(`${stack.url}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return res.json() as Promise<Record<string, unknown>>;
    };
    const domain = async (name: string, status: number) =>
      (await api("/v1/domains", {
        url: await target(status),
        name,
        intervalSeconds: 1,
        timeoutMs: 1000,
      })) as { id: string };
    const up = await domain("Website", 200);
    const down = await domain("Checkout API", 503);
    await api("/v1/status-pages", {
      slug: "acme",
      title: "Acme Inc.",
      domainIds: [up.id, down.id],
    });
    // the probes and consensus of the stack decide up and down and open the incident
    await until(
      "one domain up and one down",
      async () => {
        const a = (await api(`/v1/domains/${up.id}/status`)).status;
        const b = (await api(`/v1/domains/${down.id}/status`)).status;
        return a === "up" && b === "down";
      },
      30_000,
      200,
    );
    await until(
      "the down domain's incident",
      async () => {
        const list = (await api(`/v1/incidents?domainId=${down.id}`)).incidents as unknown[];
        return list.length > 0;
      },
      30_000,
      200,
    );
    // the incident reaches the page's read model as the maintenance reconcile does it; the
    // history bars as ingest's roll-up hook writes them
    await reconcileStatusPages({ db: stack.control.db, redis: stack.redis });
    const now = Date.now();
    await writeDailyBars(stack.redis, up.id, someBars(now, { 5: 30 }).slice(0, 60), now);
    await writeDailyBars(stack.redis, down.id, someBars(now, { 0: 900, 20: 200 }), now);
    pageUrl = `${stack.url}/status/acme`;
    browser = await launchChromium();
    mkdirSync(OUT, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    for (const s of targets) await new Promise<void>((r) => s.close(() => r()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const scheme of ["light", "dark"] as const) {
    it(`shows one domain up, one down and the incident, with no serious axe violation (${scheme})`, async () => {
      const context = await browser.newContext({
        colorScheme: scheme,
        viewport: { width: 900, height: 1000 },
      });
      const page = await context.newPage();
      const external: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith(stack.url)) external.push(r.url());
      });
      const res = await page.goto(pageUrl);
      expect(res?.status()).toBe(200);
      expect(await page.locator("h1").textContent()).toBe("Acme Inc.");
      expect(await page.locator(".banner").textContent()).toBe("Some systems are down");
      expect(await page.locator(".svc .pill").allTextContents()).toEqual([
        "✓ Operational",
        "✕ Down",
      ]);
      expect(await page.locator("#active + ul.inc > li h3").textContent()).toContain(
        "Checkout API",
      );
      expect(await page.locator(".bars").first().locator("li").count()).toBe(90);
      await page.addScriptTag({ content: axe.source });
      const results = await page.evaluate(async () => {
        const r = await (globalThis as unknown as { axe: typeof axe }).axe.run();
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      const bad = results.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(bad).toEqual([]);
      expect(external).toEqual([]);
      await page.screenshot({ path: join(OUT, `status-page-${scheme}.png`), fullPage: true });
      await context.close();
    }, 60_000);
  }

  it("fits a phone screen without horizontal scrolling", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(pageUrl);
    const overflow = await page.evaluate(() => {
      type Root = { documentElement: { scrollWidth: number; clientWidth: number } };
      const root = (globalThis as unknown as { document: Root }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBe(0);
    await page.screenshot({ path: join(OUT, "status-page-mobile.png"), fullPage: true });
    await context.close();
  }, 60_000);
});
