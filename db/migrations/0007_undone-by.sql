ALTER TABLE "changes" ADD COLUMN "undone_by" text;--> statement-breakpoint
ALTER TABLE "changes" ADD COLUMN "undone_source" text;