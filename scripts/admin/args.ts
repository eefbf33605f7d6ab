import { parseArgs } from "node:util";
import type { PlanTier } from "../../functions/api/plans";

/** One operator command, parsed and checked. */
export type AdminCommand =
  | { kind: "help" }
  | { kind: "org-create"; name: string; plan: PlanTier }
  | { kind: "key-create"; orgId: string; scope: "read" | "write" }
  | { kind: "key-revoke"; keyId: string }
  | { kind: "plan-set"; orgId: string; plan: PlanTier }
  | { kind: "reconcile" };

/** Bad usage: the message names the argument; the CLI exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The commands, as `--help` and every usage error print them. */
export const USAGE = `usage: npm run -s admin -- <command>
  org create --name <name> [--plan free|pro|business]   prints { "orgId", "apiKey" }
  key create --org <orgId> [--scope read|write]         prints { "id", "apiKey" }
  key revoke <keyId>
  plan set --org <orgId> <free|pro|business>
  reconcile                                             rebuilds Redis from the control DB`;

const PLANS: readonly PlanTier[] = ["free", "pro", "business"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function plan(value: string, what: string): PlanTier {
  if (!(PLANS as readonly string[]).includes(value)) {
    throw new UsageError(`${what} must be one of ${PLANS.join(", ")} (got "${value}")`);
  }
  return value as PlanTier;
}

function uuid(value: string | undefined, what: string): string {
  if (value === undefined) throw new UsageError(`${what} is required`);
  if (!UUID.test(value)) throw new UsageError(`${what} must be a UUID (got "${value}")`);
  return value.toLowerCase();
}

type Values = Record<string, string | boolean | undefined>;

/** node:util's parser with our wording: an unknown option or a missing value is named. */
function options(args: string[], known: Record<string, "string" | "boolean">) {
  try {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: Object.fromEntries(Object.entries(known).map(([k, type]) => [k, { type }])),
    });
    return { values: values as Values, positionals };
  } catch (err) {
    throw new UsageError((err as Error).message.split("\n")[0]!);
  }
}

function noExtra(positionals: string[], command: string) {
  if (positionals.length > 0) {
    throw new UsageError(`${command} takes no argument "${positionals[0]}"`);
  }
}

/** Parses `<command> [options]`; throws UsageError naming what is wrong. */
export function parseAdminArgs(argv: string[]): AdminCommand {
  const [group, action, ...rest] = argv;
  if (group === undefined) throw new UsageError("<command> is required");
  if (group === "--help" || group === "-h" || group === "help") return { kind: "help" };
  const command = `${group} ${action ?? ""}`.trim();
  if (group === "reconcile") {
    noExtra(options(argv.slice(1), {}).positionals, "reconcile");
    return { kind: "reconcile" };
  }
  if (command === "org create") {
    const { values, positionals } = options(rest, { name: "string", plan: "string" });
    noExtra(positionals, command);
    const name = typeof values.name === "string" ? values.name.trim() : "";
    if (!name) throw new UsageError("--name is required (the organization's name)");
    if (name.length > 200) throw new UsageError("--name must be at most 200 characters");
    const p = typeof values.plan === "string" ? plan(values.plan, "--plan") : "free";
    return { kind: "org-create", name, plan: p };
  }
  if (command === "key create") {
    const { values, positionals } = options(rest, { org: "string", scope: "string" });
    noExtra(positionals, command);
    const scope = values.scope ?? "write";
    if (scope !== "read" && scope !== "write") {
      throw new UsageError(`--scope must be read or write (got "${String(scope)}")`);
    }
    return { kind: "key-create", orgId: uuid(values.org as string | undefined, "--org"), scope };
  }
  if (command === "key revoke") {
    const { positionals } = options(rest, {});
    if (positionals.length > 1) throw new UsageError(`key revoke takes one <keyId>`);
    return { kind: "key-revoke", keyId: uuid(positionals[0], "<keyId>") };
  }
  if (command === "plan set") {
    const { values, positionals } = options(rest, { org: "string" });
    if (positionals.length !== 1) {
      throw new UsageError("plan set takes one <plan> (free, pro or business)");
    }
    return {
      kind: "plan-set",
      orgId: uuid(values.org as string | undefined, "--org"),
      plan: plan(positionals[0]!, "<plan>"),
    };
  }
  throw new UsageError(`unknown command "${command}"`);
}
