/** Which driver a database URL calls for. */
export type DatabaseKind = "pglite" | "postgres" | "neon";

/** What `openDatabase` needs to know about a URL. */
export interface ParsedDatabaseUrl {
  kind: DatabaseKind;
  /** PGlite data directory; undefined means in memory. */
  dataDir?: string;
  url?: string;
}

/**
 * Empty or `pglite://[dir]` → PGlite (in memory when no dir); `postgres(ql)://` on a Neon host
 * (`*.neon.tech`) → Neon's serverless driver; any other `postgres(ql)://` → node-postgres.
 */
export function parseDatabaseUrl(url: string | undefined): ParsedDatabaseUrl {
  if (!url || url.trim() === "") return { kind: "pglite" };
  if (url.startsWith("pglite://")) {
    const dir = url.slice("pglite://".length);
    return dir === "" || dir === "memory" ? { kind: "pglite" } : { kind: "pglite", dataDir: dir };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw Object.assign(new Error(`database URL is not a URL: ${redact(url)}`), {
      code: "DB_URL_INVALID",
    });
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw Object.assign(
      new Error(
        `database URL must start with postgres://, postgresql:// or pglite:// (got ${parsed.protocol})`,
      ),
      { code: "DB_URL_INVALID" },
    );
  }
  const kind = parsed.hostname.endsWith(".neon.tech") ? "neon" : "postgres";
  return { kind, url };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
