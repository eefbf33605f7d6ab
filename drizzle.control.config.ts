import { defineConfig } from "drizzle-kit";

/** Control DB: users, domains, channels, incidents, deliveries. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./schema/control/index.ts",
  out: "./schema/migrations/control",
});
