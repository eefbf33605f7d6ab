import { afterEach, describe, expect, it } from "vitest";
import { type Receiver, startReceiver } from "../../functions/alerts/testing/receiver";
import { resendMail } from "./resend";

let rx: Receiver;
afterEach(async () => rx?.close());

const messages = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    from: "a@example.com",
    to: [`u${i}@example.com`],
    subject: "s",
    html: "<p>h</p>",
    text: "t",
    idempotencyKey: `k${i}`,
  }));

describe("Resend adapter (SDK pointed at a local server)", () => {
  it("sends 250 messages in three batch calls of at most 100, each with an idempotency key", async () => {
    rx = await startReceiver((r) => {
      const list = JSON.parse(r.body) as unknown[];
      return {
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: list.map((_, i) => ({ id: `e${i}` })) }),
      };
    });
    const mail = resendMail({ apiKey: "re_test", baseUrl: rx.url });
    const out = await mail.send(messages(250));
    expect(rx.received.map((r) => r.path)).toEqual([
      "/emails/batch",
      "/emails/batch",
      "/emails/batch",
    ]);
    expect(rx.received.map((r) => (JSON.parse(r.body) as unknown[]).length)).toEqual([
      100, 100, 50,
    ]);
    expect(rx.received.every((r) => typeof r.headers["idempotency-key"] === "string")).toBe(true);
    expect(rx.received[0]!.headers.authorization).toBe("Bearer re_test");
    expect(out.every((r) => r.ok)).toBe(true);
  });

  it("reports a 500 as retryable and a 422 as not", async () => {
    rx = await startReceiver((_r, n) => ({
      status: n === 1 ? 500 : 422,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: n === 1 ? "internal_server_error" : "validation_error",
        message: "no",
        statusCode: n === 1 ? 500 : 422,
      }),
    }));
    const mail = resendMail({ apiKey: "re_test", baseUrl: rx.url });
    const [a] = await mail.send(messages(1));
    const [b] = await mail.send(messages(1));
    expect(a).toMatchObject({ ok: false, retryable: true });
    expect(b).toMatchObject({ ok: false, retryable: false });
  });

  it("gives up on a server that does not answer within the timeout", async () => {
    rx = await startReceiver(() => "hang");
    const mail = resendMail({ apiKey: "re_test", baseUrl: rx.url, timeoutMs: 300 });
    const [r] = await mail.send(messages(1));
    expect(r).toMatchObject({ ok: false, retryable: true });
  });
});
