import { randomUUID } from "node:crypto";
import { manualClock, systemClock } from "../../../adapters/clock/clock";
import { openMigratedMemory } from "../../../adapters/db/migrated-memory";
import type { Database, DatabaseHandle } from "../../../adapters/db/types";
import type { Logger } from "../../../adapters/log/logger";
import type { MailMessage, MailPort } from "../../../adapters/mail/port";
import { guardedAgent } from "../../../adapters/net/dispatcher";
import { guardPolicy } from "../../../adapters/net/guard";
import type { PushPort } from "../../../adapters/push/port";
import { alertChannels, type ChannelConfig } from "../../../schema/control/alert-channels";
import { domainChannels } from "../../../schema/control/domain-channels";
import { domains } from "../../../schema/control/domains";
import { organizations } from "../../../schema/control/organizations";
import type { AlertJob } from "../../../schema/wire/events";
import { defaultSettings } from "../config";
import { alertsConsumer, settledConsumer } from "../handler";
import type { AlertsDeps, AlertsSettings } from "../types";

/** A logger that keeps lines for assertions. */
export function recordingLogger(): Logger & {
  lines: { level: string; msg: string; fields?: Record<string, unknown> }[];
} {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    lines.push({ level, msg, ...(fields ? { fields } : {}) });
  };
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

/** A MailPort that keeps what it was asked to send. */
export function recordingMail(): MailPort & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(messages) {
      sent.push(...messages);
      return messages.map(() => ({ ok: true as const, id: randomUUID() }));
    },
  };
}

const noPush: PushPort = {
  async send() {
    throw new Error("no push adapter in this test");
  },
};

/** Alerts deps over a given database: loopback allowed, recording mail, jitter pinned. */
export function testAlertsDeps(db: Database, over: Partial<AlertsDeps> = {}): AlertsDeps {
  return {
    db,
    clock: systemClock,
    log: recordingLogger(),
    agent: guardedAgent({ policy: guardPolicy(true) }),
    mail: recordingMail(),
    push: noPush,
    settings: defaultSettings,
    random: () => 0.5,
    ...over,
  };
}

/** A migrated control DB (PGlite unless given), a manual clock and the alerts unit over them. */
export async function alertsHarness(
  o: {
    settings?: Partial<AlertsSettings>;
    allowPrivate?: boolean;
    push?: PushPort;
    mail?: MailPort;
    start?: number;
    /** A migrated control database to run on (default: a fresh PGlite); closing closes it. */
    handle?: DatabaseHandle;
  } = {},
) {
  const handle: DatabaseHandle = o.handle ?? (await openMigratedMemory("control"));
  const clock = manualClock(o.start ?? Date.parse("2026-01-01T00:00:00Z"));
  const log = recordingLogger();
  const mail = o.mail ?? recordingMail();
  const agent = guardedAgent({ policy: guardPolicy(o.allowPrivate ?? true) });
  const deps: AlertsDeps = {
    db: handle.db,
    clock,
    log,
    agent,
    mail,
    push: o.push ?? noPush,
    settings: { ...defaultSettings, ...o.settings },
    random: () => 0.5,
  };
  // as deployed (Lambda): each call returns once its attempts are recorded, slow ones too
  const live = alertsConsumer(deps);
  const consumer = settledConsumer(live);
  const [org] = await handle.db.insert(organizations).values({ name: "acme" }).returning();
  const orgId = org!.id;

  let seq = 0;
  const records = (jobs: AlertJob[]) =>
    jobs.map((j, i) => ({ messageId: `m${seq++}-${i}`, body: JSON.stringify(j) }));
  return {
    deps,
    clock,
    log,
    mail,
    consumer,
    /** The same consumer as a long-lived process runs it: a call returns at the send budget. */
    live: {
      ...live,
      /** Delivers jobs as one SQS batch, returning at the send budget. */
      run: (...jobs: AlertJob[]) => live.handle(records(jobs)),
    },
    orgId,
    db: handle.db,
    /** Jobs as the records of one SQS batch. */
    records,
    /** A domain of the organization. */
    async domain(name = `d${seq++}`) {
      const [d] = await handle.db
        .insert(domains)
        .values({ orgId, url: `https://${name}.example`, name, regions: ["ams", "iad"] })
        .returning();
      return d!.id;
    },
    /** A channel, linked to the given domains (none: an organization default). */
    async channel(config: ChannelConfig, linkTo: string[] = [], secret?: string) {
      const [c] = await handle.db
        .insert(alertChannels)
        .values({
          orgId,
          type: config.type,
          name: config.type,
          config,
          signingSecret:
            config.type === "webhook" ? (secret ?? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") : null,
        })
        .returning();
      for (const domainId of linkTo)
        await handle.db.insert(domainChannels).values({ domainId, channelId: c!.id });
      return c!;
    },
    /** An alert job as consensus sends it. */
    job(domainId: string, over: Partial<AlertJob> = {}): AlertJob {
      const t = clock.now();
      return {
        id: `${domainId}:${seq++}`,
        type: "incident.opened",
        orgId,
        domainId,
        incidentId: randomUUID(),
        t,
        data: { regions: ["ams", "iad"] },
        ...over,
      };
    },
    /** Delivers jobs as one SQS batch. */
    async run(...jobs: AlertJob[]) {
      return consumer.handle(records(jobs));
    },
    async close() {
      await live.settle();
      await agent.close();
      await handle.close();
    },
  };
}
export type AlertsHarness = Awaited<ReturnType<typeof alertsHarness>>;
