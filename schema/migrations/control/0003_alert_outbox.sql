CREATE TABLE "alert_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"domain_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"job" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alert_outbox" ADD CONSTRAINT "alert_outbox_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_outbox_domain_seq_idx" ON "alert_outbox" USING btree ("domain_id","sequence");--> statement-breakpoint
CREATE INDEX "alert_outbox_unsent_idx" ON "alert_outbox" USING btree ("created_at") WHERE sent_at is null;