CREATE TABLE "rollups_daily_all" (
	"bucket" timestamp with time zone NOT NULL,
	"domain_id" uuid NOT NULL,
	"checks" integer NOT NULL,
	"failures" integer NOT NULL,
	"latency_count" integer DEFAULT 0 NOT NULL,
	"latency_sum" double precision NOT NULL,
	"latency_min" real,
	"latency_max" real,
	"dns_ms_sum" double precision DEFAULT 0 NOT NULL,
	"connect_ms_sum" double precision DEFAULT 0 NOT NULL,
	"tls_ms_sum" double precision DEFAULT 0 NOT NULL,
	"ttfb_ms_sum" double precision DEFAULT 0 NOT NULL,
	"hist_offset" integer DEFAULT 0 NOT NULL,
	"histogram" integer[] NOT NULL,
	CONSTRAINT "rollups_daily_all_domain_id_bucket_pk" PRIMARY KEY("domain_id","bucket")
);
--> statement-breakpoint
CREATE INDEX "rollups_daily_all_bucket_idx" ON "rollups_daily_all" USING btree ("bucket");--> statement-breakpoint
-- Hand-written below: the sum of sparse histograms as an aggregate, its state the offset
-- followed by the counts (dp_hist_offset and dp_hist_merge of 0003, applied row by row).
CREATE OR REPLACE FUNCTION dp_hist_sum_step(s integer[], off integer, h integer[])
RETURNS integer[] LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF s IS NULL THEN RETURN array_prepend(off, coalesce(h, '{}')); END IF;
	RETURN array_prepend(
		dp_hist_offset(s[1], s[2:], off, h),
		dp_hist_merge(s[1], s[2:], off, h));
END $$;
--> statement-breakpoint
CREATE OR REPLACE AGGREGATE dp_hist_sum(integer, integer[]) (
	SFUNC = dp_hist_sum_step,
	STYPE = integer[]
);
--> statement-breakpoint
-- Every region's daily rows of a domain added together, as ingest keeps them from now on.
INSERT INTO "rollups_daily_all" ("bucket", "domain_id", "checks", "failures", "latency_count",
	"latency_sum", "latency_min", "latency_max", "dns_ms_sum", "connect_ms_sum", "tls_ms_sum",
	"ttfb_ms_sum", "hist_offset", "histogram")
SELECT bucket, domain_id, checks, failures, latency_count, latency_sum, latency_min, latency_max,
	dns_ms_sum, connect_ms_sum, tls_ms_sum, ttfb_ms_sum, h[1], h[2:]
FROM (
	SELECT bucket, domain_id, sum(checks)::int AS checks, sum(failures)::int AS failures,
		sum(latency_count)::int AS latency_count, sum(latency_sum) AS latency_sum,
		min(latency_min) AS latency_min, max(latency_max) AS latency_max,
		sum(dns_ms_sum) AS dns_ms_sum, sum(connect_ms_sum) AS connect_ms_sum,
		sum(tls_ms_sum) AS tls_ms_sum, sum(ttfb_ms_sum) AS ttfb_ms_sum,
		dp_hist_sum(hist_offset, histogram) AS h
	FROM "rollups_daily"
	GROUP BY domain_id, bucket
) per_day;
