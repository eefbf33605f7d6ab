import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import MailComposer from "nodemailer/lib/mail-composer";
import type { MailPort } from "./port";

/** The local stack's mail: each message becomes an RFC 5322 `.eml` file in `dir`. */
export function outboxMail(dir: string, now: () => number = Date.now): MailPort {
  return {
    async send(messages) {
      await mkdir(dir, { recursive: true });
      const results = [];
      for (const m of messages) {
        const raw = await new MailComposer({
          from: m.from,
          to: m.to,
          subject: m.subject,
          html: m.html,
          text: m.text,
          date: new Date(now()),
        })
          .compile()
          .build();
        const id = randomUUID();
        const stamp = new Date(now()).toISOString().replace(/[:.]/g, "-");
        await writeFile(join(dir, `${stamp}-${id}.eml`), raw);
        results.push({ ok: true as const, id });
      }
      return results;
    },
  };
}
