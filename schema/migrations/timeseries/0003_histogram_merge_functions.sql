-- Hand-written: roll-up histograms become sparse DDSketch-style log buckets (hist_offset plus
-- the dense counts from it, see schema/timeseries/latency-histogram.ts). Counts kept in the old
-- fixed 64-bucket layout cannot be mapped into the new buckets, so they are cleared; checks,
-- failures and latency sums stay.
UPDATE "rollups_hourly" SET "histogram" = '{}', "hist_offset" = 0;
--> statement-breakpoint
UPDATE "rollups_daily" SET "histogram" = '{}', "hist_offset" = 0;
--> statement-breakpoint
-- The offset of the sum of two sparse histograms: the lower offset of the non-empty ones.
CREATE OR REPLACE FUNCTION dp_hist_offset(a_off integer, a integer[], b_off integer, b integer[])
RETURNS integer LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
		WHEN coalesce(cardinality(a), 0) = 0 THEN b_off
		WHEN coalesce(cardinality(b), 0) = 0 THEN a_off
		ELSE least(a_off, b_off)
	END
$$;
--> statement-breakpoint
-- The counts of the sum of two sparse histograms, starting at dp_hist_offset(...).
CREATE OR REPLACE FUNCTION dp_hist_merge(a_off integer, a integer[], b_off integer, b integer[])
RETURNS integer[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	lo integer;
	hi integer;
	out integer[];
BEGIN
	IF coalesce(cardinality(a), 0) = 0 THEN RETURN coalesce(b, '{}'); END IF;
	IF coalesce(cardinality(b), 0) = 0 THEN RETURN a; END IF;
	lo := least(a_off, b_off);
	hi := greatest(a_off + cardinality(a), b_off + cardinality(b));
	out := array_fill(0, ARRAY[hi - lo]);
	FOR i IN 1 .. cardinality(a) LOOP
		out[a_off - lo + i] := out[a_off - lo + i] + a[i];
	END LOOP;
	FOR i IN 1 .. cardinality(b) LOOP
		out[b_off - lo + i] := out[b_off - lo + i] + b[i];
	END LOOP;
	RETURN out;
END $$;
