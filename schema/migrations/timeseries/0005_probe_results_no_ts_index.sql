-- Hand-written (probe_results is outside drizzle-kit's schema): the ts index is dropped. Nothing
-- reads raw results by time alone (day partitions prune a time range, and every read names a
-- domain, served by the primary key), while every ingested row paid a second btree insert.
DROP INDEX IF EXISTS "probe_results_ts_idx";
