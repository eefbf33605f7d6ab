-- Hand-written: drizzle-kit cannot generate PARTITION BY. Raw probe results live in one
-- partition per UTC day so that retention drops a whole partition instead of deleting rows.
CREATE TABLE "probe_results" (
	"ts" timestamp with time zone NOT NULL,
	"domain_id" uuid NOT NULL,
	"region" text NOT NULL,
	"ok" boolean NOT NULL,
	"error_code" text,
	"http_status" smallint,
	"dns_ms" real,
	"connect_ms" real,
	"tls_ms" real,
	"ttfb_ms" real,
	"total_ms" real,
	"tls_days_to_expiry" real,
	CONSTRAINT "probe_results_domain_id_region_ts_pk" PRIMARY KEY("domain_id","region","ts")
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
CREATE INDEX "probe_results_ts_idx" ON "probe_results" USING btree ("ts");
--> statement-breakpoint
-- Rows outside every day partition land here rather than being refused (no lost data);
-- maintenance keeps day partitions created ahead so this stays empty in normal operation.
CREATE TABLE "probe_results_default" PARTITION OF "probe_results" DEFAULT;
--> statement-breakpoint
-- Creates the day partitions [from_day, from_day + days) that do not exist yet; idempotent.
CREATE OR REPLACE FUNCTION dp_ensure_probe_result_partitions(from_day date, days integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	d date;
	created integer := 0;
	part text;
BEGIN
	FOR i IN 0 .. days - 1 LOOP
		d := from_day + i;
		part := 'probe_results_' || to_char(d, 'YYYYMMDD');
		IF to_regclass(part) IS NULL THEN
			EXECUTE format(
				'CREATE TABLE %I PARTITION OF probe_results FOR VALUES FROM (%L) TO (%L)',
				part, (d::timestamp AT TIME ZONE 'UTC'), ((d + 1)::timestamp AT TIME ZONE 'UTC')
			);
			created := created + 1;
		END IF;
	END LOOP;
	RETURN created;
END $$;
--> statement-breakpoint
SELECT dp_ensure_probe_result_partitions((now() AT TIME ZONE 'UTC')::date - 1, 9);
