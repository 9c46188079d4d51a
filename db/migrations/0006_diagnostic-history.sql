CREATE TABLE "diagnostic_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"change" text NOT NULL,
	"severity" text NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"line" integer
);
--> statement-breakpoint
ALTER TABLE "diagnostic_events" ADD CONSTRAINT "diagnostic_events_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "diagnostic_events_plan_at" ON "diagnostic_events" USING btree ("plan_id","at");--> statement-breakpoint
-- Every write of plans.diagnostics (the importer's and the write-back engine's) records what appeared and what
-- settled, keyed by code and message with line numbers masked (a line inserted above must not look like news).
CREATE FUNCTION record_diagnostic_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.diagnostics IS NOT DISTINCT FROM NEW.diagnostics THEN
    RETURN NULL;
  END IF;
  WITH
    n AS (
      SELECT d FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW.diagnostics) = 'array' THEN NEW.diagnostics ELSE '[]'::jsonb END) d
    ),
    o AS (
      SELECT d FROM jsonb_array_elements(
        CASE WHEN TG_OP = 'UPDATE' AND jsonb_typeof(OLD.diagnostics) = 'array' THEN OLD.diagnostics ELSE '[]'::jsonb END
      ) d
    ),
    ni AS (SELECT d, coalesce(d->>'code', '') || ' ' || regexp_replace(coalesce(d->>'message', ''), 'line [0-9]+', 'line #', 'g') AS id FROM n),
    oi AS (SELECT d, coalesce(d->>'code', '') || ' ' || regexp_replace(coalesce(d->>'message', ''), 'line [0-9]+', 'line #', 'g') AS id FROM o),
    changed AS (
      SELECT 'appeared' AS change, d FROM ni WHERE id NOT IN (SELECT id FROM oi)
      UNION ALL
      SELECT 'settled', d FROM oi WHERE id NOT IN (SELECT id FROM ni)
    )
  INSERT INTO diagnostic_events (plan_id, at, change, severity, code, message, line)
  SELECT NEW.id, NEW.updated_at, change, coalesce(d->>'severity', 'info'), coalesce(d->>'code', 'unknown'),
    coalesce(d->>'message', d::text), CASE WHEN jsonb_typeof(d->'line') = 'number' THEN (d->>'line')::int END
  FROM changed;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER plans_diagnostic_history AFTER INSERT OR UPDATE OF diagnostics ON plans
  FOR EACH ROW EXECUTE FUNCTION record_diagnostic_changes();
--> statement-breakpoint
-- Plans tracked before this migration: what they show now, as seen at their last write.
INSERT INTO diagnostic_events (plan_id, at, change, severity, code, message, line)
SELECT p.id, p.updated_at, 'appeared', coalesce(d->>'severity', 'info'), coalesce(d->>'code', 'unknown'),
  coalesce(d->>'message', d::text), CASE WHEN jsonb_typeof(d->'line') = 'number' THEN (d->>'line')::int END
FROM plans p, jsonb_array_elements(CASE WHEN jsonb_typeof(p.diagnostics) = 'array' THEN p.diagnostics ELSE '[]'::jsonb END) d;
