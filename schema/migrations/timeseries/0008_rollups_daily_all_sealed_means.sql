ALTER TABLE "rollups_daily_all" ADD COLUMN "mean_dns_us" bigint;--> statement-breakpoint
ALTER TABLE "rollups_daily_all" ADD COLUMN "mean_connect_us" bigint;--> statement-breakpoint
ALTER TABLE "rollups_daily_all" ADD COLUMN "mean_tls_us" bigint;--> statement-breakpoint
ALTER TABLE "rollups_daily_all" ADD COLUMN "mean_ttfb_us" bigint;--> statement-breakpoint
ALTER TABLE "rollups_daily_all" ADD COLUMN "mean_total_us" bigint;--> statement-breakpoint
-- rows sealed before the means were kept are sealed again, with them, by the next run
UPDATE "rollups_daily_all" SET "sealed_checks" = NULL WHERE "sealed_checks" IS NOT NULL;
