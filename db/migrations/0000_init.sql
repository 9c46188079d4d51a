CREATE TABLE "item_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"actor" text
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"key" text NOT NULL,
	"item_id" text,
	"prefix" text,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"optional" boolean DEFAULT false NOT NULL,
	"phase_key" text,
	"section_key" text,
	"parent_key" text,
	"line" integer NOT NULL,
	"position" integer NOT NULL,
	"done_date" date,
	"version" integer DEFAULT 1 NOT NULL,
	"removed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phases" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"key" text NOT NULL,
	"number" integer,
	"name" text NOT NULL,
	"priority" text,
	"stated_count" integer,
	"status_marker" text,
	"position" integer NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"path" text NOT NULL,
	"title" text,
	"start_date" date,
	"target_date" date,
	"diagnostics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stated" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_slug_unique" UNIQUE("slug"),
	CONSTRAINT "plans_path_unique" UNIQUE("path")
);
--> statement-breakpoint
CREATE TABLE "progress_log_rows" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"week" text NOT NULL,
	"date" date,
	"items_raw" text NOT NULL,
	"ids" jsonb NOT NULL,
	"notes" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sections" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"key" text NOT NULL,
	"phase_key" text,
	"number" text,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"plan_id" integer PRIMARY KEY NOT NULL,
	"path" text NOT NULL,
	"content_hash" text NOT NULL,
	"size" integer NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "item_events" ADD CONSTRAINT "item_events_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_events" ADD CONSTRAINT "item_events_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phases" ADD CONSTRAINT "phases_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_log_rows" ADD CONSTRAINT "progress_log_rows_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_state" ADD CONSTRAINT "sync_state_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_events_plan_at" ON "item_events" USING btree ("plan_id","at");--> statement-breakpoint
CREATE INDEX "item_events_item" ON "item_events" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "items_plan_key" ON "items" USING btree ("plan_id","key");--> statement-breakpoint
CREATE INDEX "items_plan_status" ON "items" USING btree ("plan_id","status");--> statement-breakpoint
CREATE INDEX "items_plan_position" ON "items" USING btree ("plan_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "phases_plan_key" ON "phases" USING btree ("plan_id","key");--> statement-breakpoint
CREATE INDEX "progress_log_rows_plan" ON "progress_log_rows" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sections_plan_key" ON "sections" USING btree ("plan_id","key");