-- The diagnostic history's trigger (0006, keyed by diagnostic_identity since 0008) expanded both lists and
-- computed every identity on each write of plans.diagnostics: a third of a tick's statement on PGlite, and most
-- ticks only move numbers (a count, a percent), which the identities leave out. Its writers now store beside the
-- list a digest of what the identities are made of (db/writes/diagnostic-digest.ts), and the trigger runs on an
-- update only when that digest changed, or is not there (rows written before this, a writer without it).
ALTER TABLE "plans" ADD COLUMN "diagnostic_digest" text;
--> statement-breakpoint
DROP TRIGGER plans_diagnostic_history ON plans;
--> statement-breakpoint
CREATE TRIGGER plans_diagnostic_history AFTER INSERT ON plans
  FOR EACH ROW EXECUTE FUNCTION record_diagnostic_changes();
--> statement-breakpoint
CREATE TRIGGER plans_diagnostic_history_update AFTER UPDATE OF diagnostics ON plans
  FOR EACH ROW WHEN (OLD.diagnostic_digest IS DISTINCT FROM NEW.diagnostic_digest OR NEW.diagnostic_digest IS NULL)
  EXECUTE FUNCTION record_diagnostic_changes();
