-- A diagnostic's identity in the plan's diagnostic history (0006), in one place: its code and, where the
-- importer stored one, its subject (sync/rows.ts: what a count or a claim is about, for messages whose numbers
-- move as items are ticked), else its message with line numbers masked (a line inserted above is not news).
-- Keyed by the message, "Progress says "99% complete …" but 1 of 128 items is open" settled and appeared again
-- as "98% … 2 of 128" at the next tick, and the weekly report listed both. Diagnostics stored before this have no
-- subject: their first write after it records those once as settled and appeared.
CREATE FUNCTION diagnostic_identity(d jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(d->>'code', '') || ' ' || coalesce(
    'about ' || (d->>'subject'),
    regexp_replace(coalesce(d->>'message', ''), 'line [0-9]+', 'line #', 'g')
  )
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION record_diagnostic_changes() RETURNS trigger LANGUAGE plpgsql AS $$
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
    ni AS (SELECT d, diagnostic_identity(d) AS id FROM n),
    oi AS (SELECT d, diagnostic_identity(d) AS id FROM o),
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
