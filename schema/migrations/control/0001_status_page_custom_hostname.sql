ALTER TABLE "status_pages" ADD COLUMN "custom_hostname" text;--> statement-breakpoint
ALTER TABLE "status_pages" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "status_pages_custom_hostname_uq" ON "status_pages" USING btree ("custom_hostname");