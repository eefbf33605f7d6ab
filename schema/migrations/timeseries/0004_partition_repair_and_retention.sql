-- Hand-written: day partitions are created ahead by maintenance. PostgreSQL refuses to create a
-- partition for a day whose rows sit in the DEFAULT partition, so the creating function first
-- moves that day's stray rows out of the default partition and back in through the parent once
-- the day's partition exists, all in the caller's transaction.
CREATE OR REPLACE FUNCTION dp_ensure_probe_result_partitions(from_day date, days integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	d date;
	lo timestamptz;
	hi timestamptz;
	created integer := 0;
	part text;
	stray integer;
BEGIN
	FOR i IN 0 .. days - 1 LOOP
		d := from_day + i;
		part := 'probe_results_' || to_char(d, 'YYYYMMDD');
		IF to_regclass(part) IS NULL THEN
			lo := d::timestamp AT TIME ZONE 'UTC';
			hi := (d + 1)::timestamp AT TIME ZONE 'UTC';
			CREATE TEMP TABLE IF NOT EXISTS dp_stray_results (LIKE probe_results) ON COMMIT DROP;
			WITH moved AS (
				DELETE FROM probe_results_default WHERE ts >= lo AND ts < hi RETURNING *
			)
			INSERT INTO dp_stray_results SELECT * FROM moved;
			GET DIAGNOSTICS stray = ROW_COUNT;
			EXECUTE format(
				'CREATE TABLE %I PARTITION OF probe_results FOR VALUES FROM (%L) TO (%L)', part, lo, hi
			);
			IF stray > 0 THEN
				INSERT INTO probe_results SELECT * FROM dp_stray_results;
				DELETE FROM dp_stray_results;
			END IF;
			created := created + 1;
		END IF;
	END LOOP;
	RETURN created;
END $$;
--> statement-breakpoint
-- Drops every day partition that ends on or before `before_day` (whole tables: no row-by-row
-- delete, no bloat) and deletes stray default-partition rows older than it. Returns the
-- names of the dropped partitions.
CREATE OR REPLACE FUNCTION dp_drop_probe_result_partitions(before_day date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	part text;
BEGIN
	FOR part IN
		SELECT c.relname FROM pg_inherits i
		JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'probe_results'::regclass
			AND c.relname ~ '^probe_results_[0-9]{8}$'
			AND to_date(substr(c.relname, 15), 'YYYYMMDD') + 1 <= before_day
		ORDER BY c.relname
	LOOP
		EXECUTE format('DROP TABLE %I', part);
		RETURN NEXT part;
	END LOOP;
	DELETE FROM probe_results_default WHERE ts < (before_day::timestamp AT TIME ZONE 'UTC');
END $$;
