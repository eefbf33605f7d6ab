DROP INDEX "deliveries_due_idx";--> statement-breakpoint
DROP INDEX "deliveries_group_idx";--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("next_attempt_at") WHERE "deliveries"."status" in ('pending', 'failed');--> statement-breakpoint
CREATE INDEX "deliveries_group_idx" ON "deliveries" USING btree ("group_id") WHERE "deliveries"."group_id" is not null;