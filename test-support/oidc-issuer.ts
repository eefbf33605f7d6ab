import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

type Private = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
type Key = { kid: string; privateKey: Private; jwk: JWK };

async function newKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return {
    kid,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
  };
}

/** Claims and signing choices of a test token. */
export interface TokenOptions {
  sub?: string;
  aud?: string;
  iss?: string;
  /** Seconds from now; negative: already expired. */
  expiresIn?: number;
  /** Seconds from now before which the token is not valid. */
  notBefore?: number;
  /** Sign with a key the issuer never published. */
  foreignKey?: boolean;
  /** Put this kid in the header (e.g. one the issuer does not know). */
  kid?: string;
  email?: string;
}

/**
 * An OpenID provider on loopback: discovery document, a JWKS it can rotate, and tokens signed
 * with keys generated at start. `jwksFetches` counts key-set downloads (caching is visible).
 */
export async function startOidcIssuer() {
  let keys: Key[] = [await newKey("k1")];
  const foreign = await newKey("k1");
  let jwksFetches = 0;
  const server = createServer((req, res) => {
    const base = issuer();
    if (req.url === "/.well-known/openid-configuration") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks.json` }));
    } else if (req.url === "/jwks.json") {
      jwksFetches += 1;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const issuer = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const audience = "domainpilot-dashboard";

  return {
    issuer: issuer(),
    audience,
    jwksFetches: () => jwksFetches,
    /** Replaces the published keys with one new key (the old one is gone). */
    async rotate(kid: string) {
      keys = [await newKey(kid)];
    },
    async token(o: TokenOptions = {}): Promise<string> {
      const key = o.foreignKey ? foreign : keys[0]!;
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ ...(o.email ? { email: o.email } : {}) })
        .setProtectedHeader({ alg: "RS256", kid: o.kid ?? key.kid })
        .setSubject(o.sub ?? "user-1")
        .setIssuer(o.iss ?? issuer())
        .setAudience(o.aud ?? audience)
        .setIssuedAt(now)
        .setExpirationTime(now + (o.expiresIn ?? 300));
      if (o.notBefore !== undefined) jwt.setNotBefore(now + o.notBefore);
      return jwt.sign(key.privateKey);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** What startOidcIssuer returns. */
export type OidcIssuer = Awaited<ReturnType<typeof startOidcIssuer>>;
