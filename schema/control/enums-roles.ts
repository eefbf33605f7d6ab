import { pgEnum } from "drizzle-orm/pg-core";

/** A member's role: viewers read, admins write, owners also manage members, keys and the plan. */
export const memberRole = pgEnum("member_role", ["owner", "admin", "viewer"]);
