-- A tick rewrites one progress-log row by (plan, position): the index now leads to it instead of to all the
-- plan's rows, which the update read and filtered (a thousand on a 10,000-item plan; decision 071).
DROP INDEX "progress_log_rows_plan";--> statement-breakpoint
CREATE INDEX "progress_log_rows_plan_position" ON "progress_log_rows" USING btree ("plan_id","position");