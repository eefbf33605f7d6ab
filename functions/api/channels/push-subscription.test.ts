import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openMigratedMemory } from "../../../adapters/db/migrated-memory";
import { memoryRedis } from "../../../adapters/redis/memory";
import { alertChannels } from "../../../schema/control/alert-channels";
import { apiHarness } from "../testing/harness";

const keys = {
  p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
  auth: "tBHItJI5svbpez7KI4CCXg",
};

describe("push channels", () => {
  it("take a browser's PushSubscription as `subscription`, and name it when it is missing", async () => {
    const db = await openMigratedMemory("control");
    const h = apiHarness({ db, redis: memoryRedis().port });
    const { key } = await h.org();
    const sub = { endpoint: "https://fcm.googleapis.com/fcm/send/abc", expirationTime: null, keys };
    const ok = await h.call("POST", "/v1/channels", key, { type: "push", subscription: sub });
    expect(ok.status).toBe(201);
    expect(ok.body.config).toEqual({ endpoint: sub.endpoint, keys });
    const bad = await h.call("POST", "/v1/channels", key, { type: "push" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("subscription");
    const http = await h.call("POST", "/v1/channels", key, {
      type: "push",
      subscription: { ...sub, endpoint: "http://x.example/p" },
    });
    expect(http.body.error.field).toBe("subscription.endpoint");
    await db.close();
  });

  it("turn back on only with a new subscription once delivery has removed theirs", async () => {
    const db = await openMigratedMemory("control");
    const h = apiHarness({ db, redis: memoryRedis().port });
    const { key } = await h.org();
    const sub = { endpoint: "https://fcm.googleapis.com/fcm/send/abc", keys };
    const ch = await h.call("POST", "/v1/channels", key, { type: "push", subscription: sub });
    // what delivery writes when the push service answers 410
    await db.db
      .update(alertChannels)
      .set({
        enabled: false,
        disabledReason: "push subscription removed: the push service answered 410",
        config: { type: "push", removed: { at: new Date().toISOString(), statusCode: 410 } },
      })
      .where(eq(alertChannels.id, ch.body.id));
    const shown = await h.call("GET", `/v1/channels/${ch.body.id}`, key);
    expect(shown.body).toMatchObject({ enabled: false, config: { removed: { statusCode: 410 } } });
    const bare = await h.call("PATCH", `/v1/channels/${ch.body.id}`, key, { enabled: true });
    expect(bare.status).toBe(422);
    expect(bare.body.error.field).toBe("subscription");
    const fresh = { endpoint: "https://fcm.googleapis.com/fcm/send/new", keys };
    const back = await h.call("PATCH", `/v1/channels/${ch.body.id}`, key, {
      enabled: true,
      ...fresh,
    });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ enabled: true, config: fresh });
    await db.close();
  });
});
