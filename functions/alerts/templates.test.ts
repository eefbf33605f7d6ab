import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { outboxMail } from "../../adapters/mail/outbox";
import { EventType } from "../../schema/wire/events";
import { renderMail } from "./templates";
import type { OutboundMessage } from "./types";

const msg = (type: string): OutboundMessage => ({
  deliveryId: "x",
  webhookId: "msg_x",
  kind: "single",
  members: [],
  payload: {
    type,
    timestamp: "2026-01-01T00:00:00.000Z",
    data: {
      domainId: "d1",
      incidentId: "i1",
      name: "shop <b>&</b> co",
      regions: ["ams", "iad"],
      daysToExpiry: 7,
    },
  },
});

describe("email templates", () => {
  it("renders every event type to an .eml whose HTML and text parse back with mailparser", async () => {
    const dir = await mkdtemp(join(tmpdir(), "outbox-"));
    try {
      const mail = outboxMail(dir);
      for (const type of [...EventType.options, "test"]) {
        const r = renderMail(msg(type), "https://app.example");
        await mail.send([{ from: "DomainPilot <a@example.com>", to: ["ops@example.com"], ...r }]);
      }
      const files = (await readdir(dir)).filter((f) => f.endsWith(".eml")).sort();
      expect(files).toHaveLength(EventType.options.length + 1);
      const subjects = new Set<string>();
      for (const f of files) {
        const parsed = await simpleParser(await readFile(join(dir, f)));
        subjects.add(parsed.subject ?? "");
        expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : "").toBe(
          "ops@example.com",
        );
        expect(parsed.text).toContain("When: 2026-01-01T00:00:00.000Z");
        expect(parsed.html || "").toContain("https://app.example/incidents/i1");
        // user-supplied text is escaped in HTML, verbatim in text
        if (!(parsed.subject ?? "").includes("test")) {
          expect(parsed.html || "").toContain("shop &lt;b&gt;&amp;&lt;/b&gt; co");
          expect(parsed.text).toContain("shop <b>&</b> co");
        }
      }
      expect(subjects.size).toBe(files.length); // one distinct layout per type
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("lists every member of a grouped message in both bodies", () => {
    const members = Array.from({ length: 30 }, (_, i) => ({
      ...msg("incident.opened").payload,
      data: { name: `d${i}.example` },
    }));
    const r = renderMail(
      { ...msg("incident.opened"), kind: "storm", members },
      "https://app.example",
    );
    expect(r.subject).toContain("30 domains are down");
    for (let i = 0; i < 30; i++) {
      expect(r.text).toContain(`d${i}.example`);
      expect(r.html).toContain(`d${i}.example`);
    }
  });
});
