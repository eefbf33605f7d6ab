import type { Context } from "hono";
import type { ApiEnv } from "../auth";
import { ApiError } from "../errors";

/** A member's role; an API key acts as owner (write scope) or viewer (read scope). */
export type Role = "owner" | "admin" | "viewer";

const rank: Record<Role, number> = { viewer: 0, admin: 1, owner: 2 };

/** Whether `role` may do what `needed` may. */
export function allows(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

/** Refuses the request with 403 unless the caller's role is at least `needed`. */
export function requireRole(c: Context<ApiEnv>, needed: Role): void {
  const { role } = c.get("auth");
  if (!allows(role, needed)) {
    throw new ApiError("forbidden", `this needs the ${needed} role; the caller is ${role}`);
  }
}
