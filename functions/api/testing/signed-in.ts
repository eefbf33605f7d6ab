import { afterAll, beforeAll, expect } from "vitest";
import type { QueuePort } from "../../../adapters/queue/port";
import { type OidcIssuer, startOidcIssuer } from "../../../test-support/oidc-issuer";
import type { ApiSuiteState } from "../api.test-suite";
import type { ApiConfig } from "../config";
import { oidcVerifier } from "../signin/oidc";
import { type ApiHarness, apiHarness } from "./harness";

/** The dashboard's origin, the one CORS allows in these suites. */
export const DASHBOARD_ORIGIN = "https://app.domainpilot.test";

/** One organization with an owner, an admin and a viewer who sign in through a local issuer. */
export interface SignedIn {
  issuer: OidcIssuer;
  d: ApiHarness;
  key: string;
  orgId: string;
  /** what the API handed its queue, in order */
  sent: { queue: string; body: unknown }[];
  oidc(): NonNullable<ApiConfig["oidc"]>;
  as(sub: string): Promise<{ authorization: string }>;
  call(sub: string, method: string, path: string, body?: unknown): ReturnType<ApiHarness["call"]>;
}

/**
 * Registers the suite's setup (a local OIDC issuer, members owner-1, admin-1 and viewer-1) and
 * returns the fixture it fills in before the first test. A subject belongs to one organization
 * only, so suites sharing a backing give their members distinct `prefix`es; `as` and `call`
 * add it.
 */
export function signedInFixture(state: ApiSuiteState, prefix = ""): SignedIn {
  const sent: SignedIn["sent"] = [];
  const queue: QueuePort = {
    async send(q, bodies) {
      for (const body of bodies) sent.push({ queue: q, body });
    },
  };
  const f = { sent } as SignedIn;
  f.oidc = () => ({
    issuer: f.issuer.issuer,
    audience: f.issuer.audience,
    clockSkewSeconds: 5,
    jwksCooldownMs: 0,
  });
  f.as = async (sub) => ({
    authorization: `Bearer ${await f.issuer.token({ sub: prefix + sub })}`,
  });
  f.call = async (sub, method, path, body) =>
    f.d.call(method, path, undefined, body, await f.as(sub));

  beforeAll(async () => {
    f.issuer = await startOidcIssuer();
    f.d = apiHarness({
      db: state.b.db,
      redis: state.b.redis,
      ...(state.b.keys ? { keys: state.b.keys } : {}),
      config: { oidc: f.oidc(), corsOrigins: [DASHBOARD_ORIGIN] },
      deps: { oidc: oidcVerifier(f.oidc()), queue },
    });
    ({ key: f.key, orgId: f.orgId } = await f.d.org("business"));
    for (const [subject, role] of [
      ["owner-1", "owner"],
      ["admin-1", "admin"],
      ["viewer-1", "viewer"],
    ]) {
      const member = { subject: prefix + subject, role };
      expect((await f.d.call("POST", "/v1/members", f.key, member)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await f.issuer?.close();
  });
  return f;
}
