-- A booking that carries out a plan's session now points at it for real: both tables exist (0005, 0006).
-- The key is composite with org_id like every other, so a booking cannot name another clinic's session.
ALTER TABLE bookings
  ADD CONSTRAINT bookings_planned_session_fk
  FOREIGN KEY (org_id, planned_session_id) REFERENCES planned_sessions (org_id, id);

-- One live booking per planned session: cancelled and no-show bookings free it to be booked again.
CREATE UNIQUE INDEX bookings_planned_session_once ON bookings (planned_session_id)
  WHERE planned_session_id IS NOT NULL AND status IN ('booked', 'completed');

-- Repair the outbox's kind check. 0006 wrote it back as one array literal ('{a,b,c}'::text[]), which
-- 0010 then read as a single kind, so 'booking-reminder' (and the older kinds) fell out of it. Every
-- kind is read back whatever the form, and the check is written as an IN list, whose definition
-- PostgreSQL prints with one quoted string per kind, so a later migration reading it gets them all.
DO $$
DECLARE
  check_name text;
  definition text;
  kinds text[];
BEGIN
  SELECT c.conname, pg_get_constraintdef(c.oid)
    INTO check_name, definition
    FROM pg_constraint c
   WHERE c.conrelid = 'outbox'::regclass AND c.contype = 'c'
     AND pg_get_constraintdef(c.oid) ~ '\mkind\M';
  SELECT array_agg(DISTINCT kind ORDER BY kind)
    INTO kinds
    FROM (
      SELECT unnest(string_to_array(regexp_replace(m[1], '[{}"]', '', 'g'), ',')) AS kind
        FROM regexp_matches(coalesce(definition, ''), '''([^'']+)''', 'g') AS m
      UNION SELECT 'booking-reminder'
    ) found
   WHERE kind <> '';
  IF check_name IS NOT NULL THEN
    EXECUTE format('ALTER TABLE outbox DROP CONSTRAINT %I', check_name);
  END IF;
  EXECUTE format(
    'ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN (%s))',
    (SELECT string_agg(quote_literal(k), ', ') FROM unnest(kinds) AS k)
  );
END;
$$;
