CREATE TABLE "coverage_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"item_id" text NOT NULL,
	"source_file" text NOT NULL,
	"topic" text NOT NULL,
	"line" integer NOT NULL,
	"found" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_id" integer NOT NULL,
	"line" integer NOT NULL,
	"category" text NOT NULL,
	"topic" text NOT NULL,
	"status" text NOT NULL,
	"priority" text,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"path" text NOT NULL,
	"title" text,
	"content_hash" text NOT NULL,
	"diagnostics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sources_path_unique" UNIQUE("path")
);
--> statement-breakpoint
ALTER TABLE "coverage_links" ADD CONSTRAINT "coverage_links_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_topics" ADD CONSTRAINT "source_topics_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coverage_links_plan" ON "coverage_links" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "source_topics_source" ON "source_topics" USING btree ("source_id");