import { describe, expect, it } from "vitest";
import { parseAdminArgs, UsageError } from "./args";

const ORG = "0b5a3c2e-6f1d-4c8a-9e7b-1234567890ab";

describe("parseAdminArgs", () => {
  it("reads each command of the operator contract", () => {
    expect(parseAdminArgs(["org", "create", "--name", "acme", "--plan", "pro"])).toEqual({
      kind: "org-create",
      name: "acme",
      plan: "pro",
    });
    expect(parseAdminArgs(["org", "create", "--name=acme"])).toMatchObject({ plan: "free" });
    expect(parseAdminArgs(["key", "create", "--org", ORG])).toEqual({
      kind: "key-create",
      orgId: ORG,
      scope: "write",
    });
    expect(parseAdminArgs(["key", "create", "--org", ORG, "--scope", "read"])).toMatchObject({
      scope: "read",
    });
    expect(parseAdminArgs(["key", "revoke", ORG])).toEqual({ kind: "key-revoke", keyId: ORG });
    expect(parseAdminArgs(["plan", "set", "--org", ORG, "business"])).toEqual({
      kind: "plan-set",
      orgId: ORG,
      plan: "business",
    });
    expect(parseAdminArgs(["reconcile"])).toEqual({ kind: "reconcile" });
    expect(parseAdminArgs(["--help"])).toEqual({ kind: "help" });
  });

  it.each([
    [[], /<command> is required/],
    [["org", "create"], /--name is required/],
    [["org", "create", "--name", "a", "--plan", "gold"], /--plan must be one of/],
    [["org", "create", "--name", "a", "--colour", "red"], /--colour/],
    [["org", "create", "--name"], /--name/],
    [["key", "create"], /--org is required/],
    [["key", "create", "--org", "42"], /--org must be a UUID/],
    [["key", "create", "--org", ORG, "--scope", "admin"], /--scope must be read or write/],
    [["key", "revoke"], /<keyId> is required/],
    [["plan", "set", "--org", ORG], /plan set takes one <plan>/],
    [["plan", "set", "--org", ORG, "gold"], /<plan> must be one of/],
    [["reconcile", "now"], /reconcile takes no argument "now"/],
    [["org", "delete"], /unknown command "org delete"/],
  ])("refuses %j naming the argument", (argv, message) => {
    expect(() => parseAdminArgs(argv)).toThrow(UsageError);
    expect(() => parseAdminArgs(argv)).toThrow(message);
  });
});
