import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openMigratedMemory } from "../../../adapters/db/migrated-memory";
import type { DatabaseHandle } from "../../../adapters/db/types";
import { memoryRedis } from "../../../adapters/redis/memory";
import { EventType } from "../../../schema/wire/events";
import { alertsConsumer, settledConsumer } from "../../alerts/handler";
import { testAlertsDeps } from "../../alerts/testing/harness";
import { type Receiver, startReceiver } from "../../alerts/testing/receiver";
import { type ApiHarness, apiHarness } from "../testing/harness";

let db: DatabaseHandle;
let h: ApiHarness;
let rx: Receiver;
let key: string;
let sweep: () => Promise<number>;
let closeAgent: () => Promise<void>;

beforeEach(async () => {
  db = await openMigratedMemory("control");
  h = apiHarness({ db, redis: memoryRedis().port });
  key = (await h.org()).key;
  const deps = testAlertsDeps(db.db);
  sweep = settledConsumer(alertsConsumer(deps)).sweep;
  closeAgent = () => deps.agent.close();
});
afterEach(async () => {
  await rx?.close();
  await closeAgent();
  await db.close();
});

const verify = (secret: string, r: Receiver["received"][number]) =>
  new Webhook(secret).verify(r.body, r.headers as Record<string, string>);

describe("deliveries API", () => {
  it("tests a channel, logs the delivery, rotates the secret and signs with both", async () => {
    rx = await startReceiver();
    const ch = await h.call("POST", "/v1/channels", key, {
      type: "webhook",
      url: `${rx.url}/hook`,
    });
    expect(ch.status).toBe(201);
    const first = await h.call("POST", `/v1/channels/${ch.body.id}/test`, key);
    expect(first.status).toBe(202);
    expect(await sweep()).toBe(1);
    expect(verify(ch.body.secret, rx.received[0]!)).toMatchObject({ type: "test" });

    const list = await h.call("GET", `/v1/deliveries?channelId=${ch.body.id}`, key);
    expect(list.status).toBe(200);
    expect(list.body.deliveries).toMatchObject([
      {
        id: first.body.deliveryId,
        type: "test",
        status: "sent",
        attempts: 1,
        lastStatusCode: 200,
        nextAttemptAt: null,
      },
    ]);
    const detail = await h.call("GET", `/v1/deliveries/${first.body.deliveryId}`, key);
    expect(detail.body.log).toMatchObject([{ attempt: 1, ok: true, statusCode: 200 }]);

    const rotated = await h.call("POST", `/v1/channels/${ch.body.id}/rotate-secret`, key);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(ch.body.secret);
    await h.call("POST", `/v1/channels/${ch.body.id}/test`, key);
    await sweep();
    const second = rx.received[1]!;
    expect(String(second.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verify(rotated.body.secret, second)).toBeTruthy();
    expect(verify(ch.body.secret, second)).toBeTruthy();
  });

  it("retries a failed delivery on request, and refuses one that was sent", async () => {
    rx = await startReceiver((_r, n) => ({ status: n === 1 ? 500 : 204 }));
    const ch = await h.call("POST", "/v1/channels", key, { type: "webhook", url: rx.url });
    const t = await h.call("POST", `/v1/channels/${ch.body.id}/test`, key);
    await sweep();
    const failed = await h.call("GET", "/v1/deliveries?status=failed", key);
    expect(failed.body.deliveries.map((d: { id: string }) => d.id)).toEqual([t.body.deliveryId]);
    expect((await h.call("POST", `/v1/deliveries/${t.body.deliveryId}/retry`, key)).status).toBe(
      202,
    );
    expect(await sweep()).toBe(1);
    expect(rx.received).toHaveLength(2);
    const again = await h.call("POST", `/v1/deliveries/${t.body.deliveryId}/retry`, key);
    expect(again.status).toBe(409);
  });

  it("pages with a cursor, newest first, and names a bad filter", async () => {
    rx = await startReceiver();
    const ch = await h.call("POST", "/v1/channels", key, { type: "webhook", url: rx.url });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await h.call("POST", `/v1/channels/${ch.body.id}/test`, key)).body.deliveryId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { deliveries: { id: string }[]; nextCursor: string | null } } =
        await h.call("GET", `/v1/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ""}`, key);
      seen.push(...page.body.deliveries.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const bad = await h.call("GET", "/v1/deliveries?status=lost", key);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("status");
    const other = (await h.org()).key;
    expect((await h.call("GET", "/v1/deliveries", other)).body.deliveries).toEqual([]);
    expect((await h.call("POST", `/v1/channels/${ch.body.id}/test`, other)).status).toBe(404);
  });

  it("documents a JSON Schema with an example for every webhook event type", async () => {
    const doc = (await (await h.app.request("/openapi.json")).json()) as {
      webhooks: Record<
        string,
        { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }
      >;
      components: { schemas: Record<string, { example?: { type: string } }> };
    };
    const types = [...EventType.options, "test", "summary"];
    expect(Object.keys(doc.webhooks).sort()).toEqual([...types].sort());
    for (const t of types) {
      const ref = doc.webhooks[t]!.post.requestBody.content["application/json"]!.schema.$ref;
      const schema = doc.components.schemas[ref.split("/").pop()!]!;
      expect(schema.example?.type).toBe(t);
    }
  });
});
