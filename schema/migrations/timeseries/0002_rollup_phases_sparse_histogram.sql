ALTER TABLE "rollups_hourly" ADD COLUMN "latency_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_hourly" ADD COLUMN "dns_ms_sum" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_hourly" ADD COLUMN "connect_ms_sum" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_hourly" ADD COLUMN "tls_ms_sum" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_hourly" ADD COLUMN "ttfb_ms_sum" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_hourly" ADD COLUMN "hist_offset" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_daily" ADD COLUMN "latency_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_daily" ADD COLUMN "dns_ms_sum" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_daily" ADD COLUMN "connect_ms_sum" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_daily" ADD COLUMN "tls_ms_sum" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_daily" ADD COLUMN "ttfb_ms_sum" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups_daily" ADD COLUMN "hist_offset" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cert_observations" ADD COLUMN "last_seen" timestamp with time zone DEFAULT now() NOT NULL;