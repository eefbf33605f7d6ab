CREATE TYPE "public"."delivery_kind" AS ENUM('single', 'storm', 'summary');--> statement-breakpoint
ALTER TYPE "public"."delivery_status" ADD VALUE 'grouped';--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"error" text,
	"next_attempt_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "delivery_counters" (
	"scope" text NOT NULL,
	"window" bigint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "delivery_counters_scope_window_pk" PRIMARY KEY("scope","window")
);
--> statement-breakpoint
ALTER TABLE "alert_channels" ADD COLUMN "previous_signing_secret" text;--> statement-breakpoint
ALTER TABLE "alert_channels" ADD COLUMN "previous_secret_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alert_channels" ADD COLUMN "disabled_reason" text;--> statement-breakpoint
ALTER TABLE "alert_channels" ADD COLUMN "failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "org_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "kind" "delivery_kind" DEFAULT 'single' NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "type" text NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "domain_id" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "incident_id" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "payload" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "last_status_code" integer;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "last_latency_ms" integer;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delivery_attempts_delivery_idx" ON "delivery_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_group_id_deliveries_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."deliveries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_channel_created_idx" ON "deliveries" USING btree ("channel_id","created_at");--> statement-breakpoint
CREATE INDEX "deliveries_org_created_idx" ON "deliveries" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "deliveries_group_idx" ON "deliveries" USING btree ("group_id");