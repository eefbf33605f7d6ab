import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { connect as netConnect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import {
  type DetailedPeerCertificate,
  type PeerCertificate,
  type SecureContext,
  type TLSSocket,
  connect as tlsConnect,
} from "node:tls";
import { pinnedRequestOptions, type ResolvedAddress } from "../../adapters/net/guard";
import type { TlsInfo } from "../../schema/wire";
import { CheckAbort } from "./errors";
import { readTls } from "./tls";

/** Bodies are read up to this size: enough for a keyword, bounded for a hostile server. */
export const MAX_BODY_BYTES = 1 << 20;

/** One request/response exchange on a fresh connection. */
export interface Hop {
  status: number;
  location: string | null;
  /** The body as text when asked for (keyword checks), else null. */
  body: string | null;
  tls: TlsInfo | null;
  connectMs: number;
  tlsMs: number;
  ttfbMs: number;
}

/** Phase timings reached before a hop failed, so a failed check still reports them. */
export interface PartialPhases {
  connectMs: number;
  tlsMs: number;
  ttfbMs: number;
}

/** What one hop needs: the checked address, and the shared TLS context. */
export interface HopRequest {
  url: URL;
  target: ResolvedAddress;
  method: "GET" | "HEAD";
  signal: AbortSignal;
  wantBody: boolean;
  secureContext: SecureContext;
  localAddress?: string;
  /** ms since epoch, for days-to-expiry */
  nowMs: number;
  phases: PartialPhases;
}

/**
 * One HTTP(S) exchange on a fresh socket (no agent, no pool) timed from socket events.
 * TLS is verified by us, not by Node, so a bad certificate still yields a status and timings.
 */
export function fetchOnce(hop: HopRequest): Promise<Hop> {
  const { url, phases } = hop;
  const pinned = pinnedRequestOptions(url, hop.target);
  const https = url.protocol === "https:";
  const t0 = performance.now();
  let tConnect = t0;
  let tReady = t0;
  let tls: TlsInfo | null = null;
  let peerCert: DetailedPeerCertificate | undefined;
  return new Promise<Hop>((resolve, reject) => {
    let req: ClientRequest | undefined;
    const fail = (err: unknown) => {
      hop.signal.removeEventListener("abort", onAbort);
      req?.destroy();
      reject(err);
    };
    const onAbort = () => fail(new CheckAbort("TIMEOUT", "timed out"));
    if (hop.signal.aborted) return onAbort();
    hop.signal.addEventListener("abort", onAbort, { once: true });
    const connectOptions = {
      host: pinned.host,
      port: pinned.port,
      family: pinned.family,
      localAddress: hop.localAddress,
    };
    // No agent at all: the request gets the socket made here, fresh for this check. Cheaper
    // in CPU than `agent: false`, which builds a throwaway Agent per request for the same effect.
    const createConnection = https
      ? () =>
          tlsConnect({
            ...connectOptions,
            servername: pinned.servername,
            rejectUnauthorized: false,
            secureContext: hop.secureContext,
            // Node's verdict then covers the chain only; readTls checks the name separately.
            // Node hands over the peer chain it just built: keep it rather than build it twice.
            checkServerIdentity: (_host: string, cert: PeerCertificate) => {
              peerCert = cert as DetailedPeerCertificate; // Node passes getPeerCertificate(true)
              return undefined;
            },
          })
      : () => netConnect(connectOptions);
    const options = {
      createConnection,
      method: hop.method,
      path: pinned.path,
      setHost: false,
      headers: {
        host: pinned.hostHeader,
        "user-agent": "DomainPilot/0.1 (+uptime monitor)",
        accept: "*/*",
        connection: "close",
      },
    };
    req = httpRequest(options, (res: IncomingMessage) => {
      const tFirstByte = performance.now();
      phases.ttfbMs = tFirstByte - tReady;
      readBody(res, hop.wantBody && hop.method !== "HEAD")
        .then((body) => {
          hop.signal.removeEventListener("abort", onAbort);
          res.socket?.destroy();
          resolve({
            status: res.statusCode ?? 0,
            location: typeof res.headers.location === "string" ? res.headers.location : null,
            body,
            tls,
            ...phases,
          });
        })
        .catch(fail);
    });
    req.on("error", fail);
    req.on("socket", (socket: Socket) => {
      socket.once("connect", () => {
        tConnect = performance.now();
        tReady = tConnect;
        phases.connectMs = tConnect - t0;
      });
      if (!https) return;
      socket.once("secureConnect", () => {
        tReady = performance.now();
        phases.tlsMs = tReady - tConnect;
        tls = readTls(socket as TLSSocket, pinned.servername ?? pinned.host, hop.nowMs, peerCert);
      });
    });
    req.end();
  });
}

/** Reads at most MAX_BODY_BYTES; returns the text when kept, else null after draining. */
function readBody(res: IncomingMessage, keep: boolean): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(keep ? Buffer.concat(chunks).toString("utf8") : null);
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (keep) chunks.push(chunk);
      if (size >= MAX_BODY_BYTES) {
        res.removeAllListeners("end");
        done();
      }
    });
    res.once("end", done);
    res.once("error", reject);
    res.once("aborted", () =>
      reject(Object.assign(new Error("response aborted"), { code: "ECONNRESET" })),
    );
  });
}
