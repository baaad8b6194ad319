-- A session can end without a discharge (issue 5, sign and lock): the patient was not dosed, was
-- transferred to emergency care, or left against medical advice. Such a session has status 'ended'
-- and its note is signed like a discharged one; the database still refuses to sign an open session.
ALTER TABLE treatment_sessions
  ADD COLUMN end_kind text CHECK (end_kind IN ('not-dosed', 'transferred', 'left-against-advice')),
  -- Why a patient was not dosed.
  ADD COLUMN end_reason text CHECK (end_reason IN ('gate-decision', 'pregnancy-hold', 'declined', 'other')),
  ADD COLUMN end_note text CHECK (length(end_note) BETWEEN 1 AND 2000),
  -- A transfer: where to and by whom (ambulance service, crew, the clinician who handed over).
  ADD COLUMN transfer_destination text CHECK (length(transfer_destination) BETWEEN 1 AND 500),
  ADD COLUMN transferred_by text CHECK (length(transferred_by) BETWEEN 1 AND 500),
  -- Leaving against medical advice: what the patient was told.
  ADD COLUMN advice_given text CHECK (length(advice_given) BETWEEN 1 AND 2000),
  -- When it happened (the transfer, the patient leaving; for a patient not dosed, when it was recorded),
  -- and who recorded it when.
  ADD COLUMN ended_at timestamptz,
  ADD COLUMN ended_by uuid REFERENCES users (id),
  ADD COLUMN ender_name text,
  ADD COLUMN end_recorded_at timestamptz,
  ADD CONSTRAINT treatment_sessions_end_recorded CHECK (
    (status = 'ended') = (end_kind IS NOT NULL)
    AND (end_kind IS NULL) = (ended_at IS NULL)
    AND (end_kind IS NULL) = (ended_by IS NULL)
    AND (end_kind IS NULL) = (ender_name IS NULL)
    AND (end_kind IS NULL) = (end_recorded_at IS NULL)
  ),
  ADD CONSTRAINT treatment_sessions_end_not_dosed CHECK (
    (end_kind IS NOT DISTINCT FROM 'not-dosed') = (end_reason IS NOT NULL)
    AND (end_kind IS DISTINCT FROM 'not-dosed' OR dose_started_at IS NULL)
    AND (end_reason IS DISTINCT FROM 'other' OR end_note IS NOT NULL)
  ),
  ADD CONSTRAINT treatment_sessions_end_transferred CHECK (
    (end_kind IS NOT DISTINCT FROM 'transferred') = (transfer_destination IS NOT NULL)
    AND (transfer_destination IS NULL) = (transferred_by IS NULL)
  ),
  ADD CONSTRAINT treatment_sessions_end_left CHECK (
    (end_kind IS NOT DISTINCT FROM 'left-against-advice') = (advice_given IS NOT NULL)
  );

-- The status learns 'ended', and a note may be signed once the session is discharged or ended. Both
-- checks were declared without names in 0012, so they are found by what they say.
DO $$
DECLARE
  found text;
BEGIN
  FOR found IN
    SELECT c.conname FROM pg_constraint c
     WHERE c.conrelid = 'treatment_sessions'::regclass AND c.contype = 'c'
       AND (
         (pg_get_constraintdef(c.oid) ~ '\mstatus = ANY' AND pg_get_constraintdef(c.oid) ~ 'checked-in')
         OR (pg_get_constraintdef(c.oid) ~ '\msigned_at IS NULL\) OR \(status = ''discharged''')
       )
  LOOP
    EXECUTE format('ALTER TABLE treatment_sessions DROP CONSTRAINT %I', found);
  END LOOP;
END;
$$;
ALTER TABLE treatment_sessions
  ADD CONSTRAINT treatment_sessions_status_check
    CHECK (status IN ('checked-in', 'dosing', 'monitoring', 'discharged', 'ended')),
  ADD CONSTRAINT treatment_sessions_signed_when_finished
    CHECK (signed_at IS NULL OR status IN ('discharged', 'ended'));
