CREATE TABLE "rollups_hourly" (
	"bucket" timestamp with time zone NOT NULL,
	"domain_id" uuid NOT NULL,
	"region" text NOT NULL,
	"checks" integer NOT NULL,
	"failures" integer NOT NULL,
	"latency_sum" double precision NOT NULL,
	"latency_min" real,
	"latency_max" real,
	"histogram" integer[] NOT NULL,
	CONSTRAINT "rollups_hourly_domain_id_region_bucket_pk" PRIMARY KEY("domain_id","region","bucket")
);
--> statement-breakpoint
CREATE TABLE "rollups_daily" (
	"bucket" timestamp with time zone NOT NULL,
	"domain_id" uuid NOT NULL,
	"region" text NOT NULL,
	"checks" integer NOT NULL,
	"failures" integer NOT NULL,
	"latency_sum" double precision NOT NULL,
	"latency_min" real,
	"latency_max" real,
	"histogram" integer[] NOT NULL,
	CONSTRAINT "rollups_daily_domain_id_region_bucket_pk" PRIMARY KEY("domain_id","region","bucket")
);
--> statement-breakpoint
CREATE TABLE "cert_observations" (
	"domain_id" uuid NOT NULL,
	"region" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"fingerprint256" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"earliest_valid_to" timestamp with time zone NOT NULL,
	"authorized" boolean NOT NULL,
	"error_code" text,
	CONSTRAINT "cert_observations_domain_id_region_observed_at_pk" PRIMARY KEY("domain_id","region","observed_at")
);
--> statement-breakpoint
CREATE INDEX "rollups_hourly_bucket_idx" ON "rollups_hourly" USING btree ("bucket");--> statement-breakpoint
CREATE INDEX "rollups_daily_bucket_idx" ON "rollups_daily" USING btree ("bucket");