import { randomBytes } from "node:crypto";
import { and, asc, eq, getTableColumns } from "drizzle-orm";
import {
  type AlertChannel,
  alertChannels,
  type ChannelConfig,
} from "../../../schema/control/alert-channels";
import type { AuthInfo } from "../auth";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";
import { beyond, type Cursor, pageOf, positionOf } from "../pagination";
import {
  type ChannelOut,
  CreateChannel,
  type CreateChannelBody,
  type PatchChannelBody,
} from "./schemas";

type Deps = Pick<ApiDeps, "db">;
const notFound = (id: string) => new ApiError("not_found", `no channel ${id}`, "id");

function configOf(body: CreateChannelBody): ChannelConfig {
  switch (body.type) {
    case "webhook":
      return { type: "webhook", url: body.url };
    case "slack":
      return { type: "slack", webhookUrl: body.webhookUrl };
    case "email":
      return { type: "email", to: body.to };
    case "push":
      return {
        type: "push",
        endpoint: body.subscription?.endpoint ?? body.endpoint!,
        keys: body.subscription?.keys ?? body.keys!,
      };
  }
}

function out(row: AlertChannel, secret?: string): ChannelOut {
  const { type: _type, ...config } = row.config;
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    enabled: row.enabled,
    disabledReason: row.enabled ? null : row.disabledReason,
    config,
    createdAt: row.createdAt.toISOString(),
    ...(secret ? { secret } : {}),
  };
}

/** Creates a channel; a webhook gets a Standard Webhooks signing secret, shown this once. */
export async function createChannel(deps: Deps, auth: AuthInfo, body: CreateChannelBody) {
  const secret =
    body.type === "webhook" ? `whsec_${randomBytes(24).toString("base64")}` : undefined;
  const [row] = await deps.db
    .insert(alertChannels)
    .values({
      orgId: auth.orgId,
      type: body.type,
      name: body.name ?? body.type,
      config: configOf(body),
      signingSecret: secret ?? null,
    })
    .returning();
  return out(row!, secret);
}

async function find(deps: Deps, auth: AuthInfo, id: string) {
  const [row] = await deps.db
    .select()
    .from(alertChannels)
    .where(and(eq(alertChannels.id, id), eq(alertChannels.orgId, auth.orgId)));
  if (!row) throw notFound(id);
  return row;
}

/** One channel of the caller's organization. */
export async function getChannel(deps: Deps, auth: AuthInfo, id: string) {
  return out(await find(deps, auth, id));
}

/** Changes a channel; the merged result must still be a valid channel of its type. */
export async function updateChannel(
  deps: Deps,
  auth: AuthInfo,
  id: string,
  body: PatchChannelBody,
) {
  const current = await find(deps, auth, id);
  const { enabled, ...rest } = body;
  // a removed push subscription keeps nothing to merge: the patch must bring a new one
  const { removed: _removed, ...config } = current.config as ChannelConfig & { removed?: unknown };
  const merged = CreateChannel.safeParse({ ...config, name: current.name, ...rest });
  if (!merged.success) {
    const issue = merged.error.issues[0]!;
    const field = issue.path.join(".") || undefined;
    throw new ApiError("unprocessable", `${field ?? "body"}: ${issue.message}`, field);
  }
  const [row] = await deps.db
    .update(alertChannels)
    .set({
      name: merged.data.name ?? current.name,
      config: configOf(merged.data),
      // turned on again by a person: the delivery side's reason and failure run start afresh,
      // or a channel disabled after 5 days of failures would be disabled by its next failure
      ...(enabled === undefined
        ? {}
        : enabled
          ? { enabled, disabledReason: null, failingSince: null }
          : { enabled }),
    })
    .where(and(eq(alertChannels.id, id), eq(alertChannels.orgId, auth.orgId)))
    .returning();
  return out(row!);
}

/** Deletes a channel (its domain links go with it). */
export async function deleteChannel(deps: Deps, auth: AuthInfo, id: string): Promise<void> {
  const gone = await deps.db
    .delete(alertChannels)
    .where(and(eq(alertChannels.id, id), eq(alertChannels.orgId, auth.orgId)))
    .returning({ id: alertChannels.id });
  if (gone.length === 0) throw notFound(id);
}

/** A page of the caller's channels, oldest first. */
export async function listChannels(deps: Deps, auth: AuthInfo, limit: number, after?: Cursor) {
  const org = eq(alertChannels.orgId, auth.orgId);
  const rows = await deps.db
    .select({
      ...getTableColumns(alertChannels),
      at: positionOf(alertChannels.createdAt),
    })
    .from(alertChannels)
    .where(after ? and(org, beyond(alertChannels.createdAt, alertChannels.id, after, "asc")) : org)
    .orderBy(asc(alertChannels.createdAt), asc(alertChannels.id))
    .limit(limit + 1);
  const page = pageOf(rows, limit, (r) => ({ at: r.at, id: r.id }));
  return { channels: page.items.map((r) => out(r)), nextCursor: page.nextCursor };
}
