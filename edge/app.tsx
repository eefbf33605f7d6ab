import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { parseDailyBars } from "../adapters/redis/status-read-model";
import { redisKeys } from "../schema/redis-keys";
import type { StatusPageView } from "../schema/wire/status-page";
import type { CacheLike } from "./cache";
import { loadDomainStatus, loadPageView, slugForHost } from "./load";
import { type RespondOptions, respond } from "./respond";
import type { StatusReadStore } from "./store";
import { fillDays, uptimePercent } from "./view-model";
import { certBadge, statusBadge, uptimeBadge } from "./views/badge";
import { incidentFeed } from "./views/feed";
import { StatusPage } from "./views/page";

/** What the edge app needs: a read-only Redis, and a cache where the runtime has one. */
export interface EdgeOptions {
  store: StatusReadStore;
  cache?: CacheLike;
  /** Seconds a response is shared by the cache (default 30). */
  freshSeconds?: number;
  now?: () => number;
  /** Where a failed Redis read is reported (default: a JSON line on stderr). */
  onRedisError?: (err: unknown, url: string) => void;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SVG = { "content-type": "image/svg+xml; charset=utf-8" };

const missing = (c: Context, what: string) =>
  c.html(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1><p>${what}</p></main></body></html>`,
    404,
  );

/**
 * The public status pages and badges as a Hono app: the Worker serves it on Upstash REST and
 * caches.default; the local stack mounts it on its own server with its own Redis.
 */
export function createEdgeApp(opts: EdgeOptions): Hono {
  const now = opts.now ?? Date.now;
  const ro: RespondOptions = {
    ...(opts.cache ? { cache: opts.cache } : {}),
    freshSeconds: opts.freshSeconds ?? 30,
    staleSeconds: 7 * 86_400,
    onRedisError:
      opts.onRedisError ??
      ((err, url) =>
        console.error(
          JSON.stringify({ level: "warn", msg: "redis read failed", url, error: String(err) }),
        )),
  };
  const app = new Hono();

  /** The HTML page, JSON or feed of a page found by `slugOf` (a path or a Host header). */
  const page = (
    c: Context,
    slugOf: () => Promise<string | null>,
    format: "html" | "json" | "atom",
    base: string,
  ) =>
    respond<StatusPageView>(c, ro, {
      async load() {
        const slug = await slugOf();
        return slug && SLUG.test(slug) ? loadPageView(opts.store, slug, now()) : null;
      },
      render(view, stale) {
        const v = { ...view, stale };
        const origin = new URL(c.req.url).origin;
        if (format === "json") return c.json(v);
        if (format === "atom") {
          const xml = incidentFeed(v, `${origin}${base || "/"}`, `${origin}${base}/feed.atom`);
          return c.body(xml, 200, { "content-type": "application/atom+xml; charset=utf-8" });
        }
        return c.html(
          html`<!doctype html>${<StatusPage view={v} feedHref={`${base}/feed.atom`} />}`,
        );
      },
      notFound: () =>
        format === "html"
          ? missing(c, "There is no status page here.")
          : c.json({ error: "not found" }, 404),
    });

  app.get("/status/:slug/feed.atom", (c) => {
    const slug = c.req.param("slug");
    return page(c, async () => slug, "atom", `/status/${slug}`);
  });
  app.get("/status/:slug", (c) => {
    const name = c.req.param("slug");
    const json = name.endsWith(".json");
    const slug = json ? name.slice(0, -5) : name;
    return page(c, async () => slug, json ? "json" : "html", `/status/${slug}`);
  });

  // a customer's own hostname serves its page at the root; the host maps to a slug in Redis
  const host = (c: Context) => new URL(c.req.url).hostname.toLowerCase();
  app.get("/", (c) => page(c, () => slugForHost(opts.store, host(c)), "html", ""));
  app.get("/status.json", (c) => page(c, () => slugForHost(opts.store, host(c)), "json", ""));
  app.get("/feed.atom", (c) => page(c, () => slugForHost(opts.store, host(c)), "atom", ""));

  const badge = <T,>(
    c: Context,
    load: (id: string) => Promise<T | null>,
    svg: (d: T) => string,
  ) => {
    const id = c.req.param("domainId")?.toLowerCase() ?? "";
    return respond<T>(c, ro, {
      load: async () => (UUID.test(id) ? load(id) : null),
      render: (d) => c.body(svg(d), 200, SVG),
      notFound: () => c.text(`no domain ${id}`, 404),
    });
  };
  app.get("/badge/:domainId/status.svg", (c) =>
    badge(
      c,
      (id) => loadDomainStatus(opts.store, id),
      (s) => statusBadge(s.status),
    ),
  );
  app.get("/badge/:domainId/cert.svg", (c) =>
    badge(
      c,
      (id) => loadDomainStatus(opts.store, id),
      (s) => certBadge(s.tls),
    ),
  );
  app.get("/badge/:domainId/uptime.svg", (c) => {
    const raw = c.req.query("days") ?? "30";
    const days = Number(raw);
    if (!/^\d+$/.test(raw) || days < 1 || days > 90) {
      return c.text("days: a whole number from 1 to 90", 400);
    }
    return badge(
      c,
      async (id) => {
        const [status, hash] = await Promise.all([
          loadDomainStatus(opts.store, id),
          opts.store.hgetall(redisKeys.dailyBars(id)),
        ]);
        if (!status && Object.keys(hash).length === 0) return null;
        return { hash, at: now() };
      },
      ({ hash, at }) => uptimeBadge(uptimeOver(hash, days, at), days),
    );
  });
  return app;
}

/** Uptime % over the last `days` UTC days of a stored bars hash. */
function uptimeOver(hash: Record<string, string>, days: number, now: number): number | null {
  const span = fillDays(parseDailyBars(hash), now).slice(-days);
  const checks = span.reduce((n, d) => n + d.checks, 0);
  return uptimePercent(
    checks,
    span.reduce((n, d) => n + d.failures, 0),
  );
}
