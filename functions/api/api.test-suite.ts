import { afterAll, afterEach, beforeAll, describe } from "vitest";
import type { DatabaseHandle } from "../../adapters/db/types";
import type { ConfigKeys } from "../../adapters/redis/config-keys";
import type { RedisPort } from "../../adapters/redis/port";
import { accessSuite } from "./api-access.test-suite";
import { operatorSuite } from "./api-operator.test-suite";
import { resourceSuite } from "./api-resources.test-suite";
import { signInSuite } from "./api-signin.test-suite";
import { type ApiHarness, apiHarness } from "./testing/harness";

/** What each backing (PGlite + memory, PostgreSQL + Redis) hands the API suite. */
export interface ApiBacking {
  db: DatabaseHandle;
  redis: RedisPort;
  keys?: ConfigKeys;
  close(): Promise<void>;
}

/** The suite's shared setup, filled in before the first test. */
export interface ApiSuiteState {
  b: ApiBacking;
  h: ApiHarness;
  key: string;
  orgId: string;
}

/** The API's behaviour through app.request, on one database and one Redis. */
export function apiContract(name: string, open: () => Promise<ApiBacking>): void {
  describe(`API v1 on ${name}`, () => {
    const state = {} as ApiSuiteState;
    beforeAll(async () => {
      state.b = await open();
      state.h = apiHarness(state.b);
      ({ key: state.key, orgId: state.orgId } = await state.h.org("business"));
    });
    afterAll(async () => {
      await state.b?.close();
    });
    // whatever a test did or was refused, Redis must hold exactly the database's configs
    afterEach(async () => {
      await state.h.expectRedisMatchesDb();
    });
    accessSuite(state);
    resourceSuite(state);
    signInSuite(state);
    operatorSuite(state);
  });
}
