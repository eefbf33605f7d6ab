import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../adapters/db/types";
import { memoryRedis } from "../../adapters/redis/memory";
import { CHROMIUM, launchChromium } from "../../test-support/chromium";
import { migratedPglite } from "../../test-support/pglite";
import { apiHarness } from "./testing/harness";

// Debian's chromium (apt-get install chromium); CI installs it, so there a missing one fails
const present = existsSync(CHROMIUM) || process.env.CI === "true";

describe.skipIf(!present)("/docs in headless chromium, with no network but the API", () => {
  let db: DatabaseHandle;
  let base: string;
  let stop: () => Promise<void>;
  let paths: string[];

  beforeAll(async () => {
    db = await migratedPglite();
    const h = apiHarness({ db, redis: memoryRedis().port });
    // biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
    const doc = (await (await h.app.request("/openapi.json")).json()) as any;
    paths = Object.keys(doc.paths);
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((r) => server.once("listening", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stop = () => new Promise<void>((r) => server.close(() => r()));
  });
  afterAll(async () => {
    await stop?.();
    await db?.close();
  });

  it("renders every route of the OpenAPI document and asks nothing of any other host", async () => {
    const browser = await launchChromium();
    const refused: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.route("**/*", (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === "127.0.0.1") return route.continue();
        refused.push(url.href);
        return route.abort();
      });
      await page.goto(`${base}/docs`, { waitUntil: "networkidle", timeout: 20_000 });
      await page
        .getByText("DomainPilot API", { exact: false })
        .first()
        .waitFor({ timeout: 15_000 });
      await page.screenshot({ path: ".data/docs-page.png", fullPage: false });
      const text = await page.locator("body").innerText();
      const html = await page.content();
      // Scalar shows each operation's path; {id} may render as :id or {id}
      for (const p of paths) {
        const variants = [p, p.replace(/\{(\w+)\}/g, ":$1")];
        expect(
          variants.some((v) => text.includes(v) || html.includes(v)),
          p,
        ).toBe(true);
      }
      // operations' descriptions render as they scroll into view: open the channels one
      await page.goto(`${base}/docs#tag/channels/POST/v1/channels`, { waitUntil: "networkidle" });
      await page
        .getByText("webhook-signature", { exact: false })
        .first()
        .waitFor({ timeout: 10_000 });
    } finally {
      await browser.close();
    }
    expect(refused, refused.join(" ")).toEqual([]);
  });
});
