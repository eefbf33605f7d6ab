ALTER TABLE "rollups_daily_all" ADD COLUMN "sealed_checks" integer;--> statement-breakpoint
ALTER TABLE "rollups_daily_all" ADD COLUMN "p50_us" bigint;--> statement-breakpoint
ALTER TABLE "rollups_daily_all" ADD COLUMN "p95_us" bigint;--> statement-breakpoint
ALTER TABLE "rollups_daily_all" ADD COLUMN "p99_us" bigint;