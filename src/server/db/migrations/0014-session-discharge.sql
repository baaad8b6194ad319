-- Discharge and check-in rules of session charting (issue 5): the discharge score where the clinic
-- discharges by one, what was scheduled for after the session, and single-use links to the discharge
-- instructions.
ALTER TABLE treatment_sessions
  ADD COLUMN discharge_score jsonb,
  ADD COLUMN after_session_measures jsonb;

-- A link to one session's discharge instructions, sent to the patient. Only the token's hash is kept.
CREATE TABLE discharge_instruction_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  opened_at timestamptz,
  CHECK (expires_at > created_at),
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
);
CREATE INDEX discharge_instruction_links_session ON discharge_instruction_links (org_id, session_id, created_at);

-- The outbox learns the 'discharge-instructions' kind. Every kind already allowed is read back from
-- the check (as 0011 does), so kinds other migrations added are kept.
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
      UNION SELECT 'discharge-instructions'
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
