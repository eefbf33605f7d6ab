import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { OidcSettings } from "../config";
import { ApiError } from "../errors";

/** Who a verified token names. */
export interface SignedInUser {
  subject: string;
  email: string | null;
  name: string | null;
}

/** Verifies the identity provider's JWTs; null for a token that is not a JWT at all. */
export interface OidcVerifier {
  verify(token: string): Promise<SignedInUser>;
}

const DISCOVERY_TIMEOUT_MS = 5_000;
const JWKS_CACHE_MS = 10 * 60_000;

/**
 * The issuer's keys are found through its discovery document (`jwks_uri`) and cached by
 * jose's remote key set, which fetches again for a key id it has not seen (a rotation),
 * at most once per cooldown. Issuer, audience, expiry and not-before are checked with
 * a small clock skew.
 */
export function oidcVerifier(settings: OidcSettings): OidcVerifier {
  const issuer = settings.issuer.replace(/\/+$/, "");
  let keys: Promise<JWTVerifyGetKey> | undefined;

  async function discover(): Promise<JWTVerifyGetKey> {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`discovery answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (typeof doc.jwks_uri !== "string") throw new Error("discovery has no jwks_uri");
    if (typeof doc.issuer === "string" && doc.issuer.replace(/\/+$/, "") !== issuer) {
      throw new Error(`discovery names issuer ${doc.issuer}`);
    }
    return createRemoteJWKSet(new URL(doc.jwks_uri), {
      timeoutDuration: DISCOVERY_TIMEOUT_MS,
      cooldownDuration: settings.jwksCooldownMs,
      cacheMaxAge: JWKS_CACHE_MS,
    });
  }

  return {
    async verify(token) {
      keys ??= discover().catch((err) => {
        keys = undefined; // the next request tries again
        throw err;
      });
      let getKey: JWTVerifyGetKey;
      try {
        getKey = await keys;
      } catch (err) {
        throw new ApiError("unauthorized", `sign-in provider unavailable: ${String(err)}`);
      }
      try {
        const { payload } = await jwtVerify(token, getKey, {
          issuer: [issuer, `${issuer}/`],
          audience: settings.audience,
          clockTolerance: settings.clockSkewSeconds,
          requiredClaims: ["sub", "exp"],
        });
        return {
          subject: payload.sub!,
          email: typeof payload.email === "string" ? payload.email : null,
          name: typeof payload.name === "string" ? payload.name : null,
        };
      } catch (err) {
        const reason =
          err instanceof errors.JWTExpired
            ? "token expired"
            : err instanceof errors.JWTClaimValidationFailed
              ? `token claim ${err.claim} is not accepted`
              : err instanceof errors.JWKSNoMatchingKey
                ? "token signed with an unknown key"
                : err instanceof errors.JOSEError
                  ? "token signature or format is invalid"
                  : "token could not be verified";
        throw new ApiError("unauthorized", reason, "authorization");
      }
    },
  };
}
