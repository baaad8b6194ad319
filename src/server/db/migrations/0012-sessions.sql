-- Treatment-day session charting: one chart per booking, with check-in, the pre-dose gate, the
-- administration, timed monitoring entries, alerts, discharge, signature, co-signature and addenda.

-- The clinic's session policies (gate numbers, vitals schedules, alert thresholds, discharge
-- checklist, co-signature); null means the cited defaults in src/domain/monitoring.
ALTER TABLE org_settings ADD COLUMN session_policies jsonb;

CREATE TABLE treatment_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  location_id uuid NOT NULL,
  chair_id uuid NOT NULL,
  route text NOT NULL CHECK (route IN ('iv-ketamine', 'esketamine')),
  protocol_id text NOT NULL,
  protocol_version integer NOT NULL,
  phase_id text NOT NULL,
  planned_session_id uuid,
  status text NOT NULL CHECK (status IN ('checked-in', 'dosing', 'monitoring', 'discharged')),
  -- The policies in force when the patient was checked in, so a later settings change does not
  -- rewrite how an earlier session was judged.
  policies jsonb NOT NULL,
  identity_confirmed boolean NOT NULL CHECK (identity_confirmed),
  checklist jsonb NOT NULL,
  checked_in_at timestamptz NOT NULL,
  checked_in_by uuid NOT NULL REFERENCES users (id),
  dose_started_at timestamptz,
  infusion_ended_at timestamptz,
  discharge_confirmed text[] NOT NULL DEFAULT '{}',
  discharge_instructions jsonb,
  discharge_readiness jsonb,
  discharged_at timestamptz,
  discharged_by uuid REFERENCES users (id),
  note text,
  signed_by uuid REFERENCES users (id),
  signer_name text,
  signature_meaning text,
  signed_at timestamptz,
  cosign_required boolean NOT NULL DEFAULT false,
  cosigned_by uuid REFERENCES users (id),
  cosigner_name text,
  cosignature_meaning text,
  cosigned_at timestamptz,
  updated_at timestamptz NOT NULL,
  UNIQUE (org_id, id),
  UNIQUE (org_id, booking_id),
  CHECK ((signed_at IS NULL) = (signed_by IS NULL)),
  CHECK (signed_at IS NULL OR status = 'discharged'),
  CHECK (cosigned_at IS NULL OR signed_at IS NOT NULL),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, chair_id) REFERENCES chairs (org_id, id)
);
CREATE INDEX treatment_sessions_board ON treatment_sessions (org_id, location_id, checked_in_at);
CREATE INDEX treatment_sessions_patient ON treatment_sessions (org_id, patient_id, checked_in_at);

-- A signed note is locked: only the co-signature may still be added (21 CFR 11.10(e); corrections
-- are addenda).
CREATE FUNCTION treatment_sessions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'treatment sessions are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.signed_at IS NOT NULL AND (
    (to_jsonb(NEW) - ARRAY['cosigned_by', 'cosigner_name', 'cosignature_meaning', 'cosigned_at', 'updated_at'])
    <> (to_jsonb(OLD) - ARRAY['cosigned_by', 'cosigner_name', 'cosignature_meaning', 'cosigned_at', 'updated_at'])
    OR OLD.cosigned_at IS NOT NULL
  ) THEN
    RAISE EXCEPTION 'a signed session note is locked; add an addendum' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER treatment_sessions_guard BEFORE UPDATE OR DELETE ON treatment_sessions
  FOR EACH ROW EXECUTE FUNCTION treatment_sessions_guard();
CREATE TRIGGER treatment_sessions_no_truncate BEFORE TRUNCATE ON treatment_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Entries made at the chair: a check (vitals, MOAA/S, dissociation) or an adverse event. The id is
-- the client's, so a retried entry is stored once.
CREATE TABLE session_entries (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('check', 'adverse-event')),
  pre_dose boolean NOT NULL,
  data jsonb NOT NULL,
  client_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  late boolean NOT NULL,
  recorded_by uuid NOT NULL REFERENCES users (id),
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id)
);
CREATE INDEX session_entries_session ON session_entries (org_id, session_id, client_at);
CREATE TRIGGER session_entries_no_update BEFORE UPDATE OR DELETE ON session_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER session_entries_no_truncate BEFORE TRUNCATE ON session_entries
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A threshold crossed by an entry; it stays active until someone acknowledges it.
CREATE TABLE session_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  entry_id uuid NOT NULL REFERENCES session_entries (id),
  threshold_id text NOT NULL,
  text text NOT NULL,
  value numeric NOT NULL,
  raised_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES users (id),
  acknowledged_by_name text,
  acknowledgement_note text,
  UNIQUE (entry_id, threshold_id),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id)
);
CREATE INDEX session_alerts_active ON session_alerts (org_id, session_id) WHERE acknowledged_at IS NULL;

-- The prescriber's decision when the pre-dose blood-pressure gate blocks dosing.
CREATE TABLE session_gate_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  entry_id uuid NOT NULL REFERENCES session_entries (id),
  blocked_reason text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('proceed', 'do-not-dose')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  decided_by uuid NOT NULL REFERENCES users (id),
  decider_name text NOT NULL,
  decided_at timestamptz NOT NULL,
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id)
);
CREATE INDEX session_gate_decisions_session ON session_gate_decisions (org_id, session_id, decided_at);
CREATE TRIGGER session_gate_decisions_no_update BEFORE UPDATE OR DELETE ON session_gate_decisions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- What was given: one administration per session. ledger_entry_id links the controlled-substance
-- ledger once that lands; lot and expiry are typed in until then.
CREATE TABLE session_administrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  drug text NOT NULL,
  route text NOT NULL CHECK (route IN ('iv-ketamine', 'esketamine')),
  dose_mg numeric NOT NULL CHECK (dose_mg > 0),
  dose_source text NOT NULL CHECK (dose_source IN ('planned-session', 'dose-decision', 'entered')),
  calculation jsonb,
  lot_number text NOT NULL CHECK (length(lot_number) BETWEEN 1 AND 100),
  lot_expiry date NOT NULL,
  ledger_entry_id uuid,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  pump_rate_ml_per_h numeric CHECK (pump_rate_ml_per_h > 0),
  device_times timestamptz[],
  nurse_id uuid NOT NULL REFERENCES users (id),
  witness_id uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  UNIQUE (org_id, session_id),
  CHECK (nurse_id <> witness_id),
  CHECK ((route = 'esketamine') = (device_times IS NOT NULL)),
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id)
);

-- Changes while it runs: paused, resumed, slowed, stopped early, ended. Client ids, as for entries.
CREATE TABLE session_administration_changes (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  change text NOT NULL CHECK (change IN ('paused', 'resumed', 'slowed', 'stopped-early', 'ended')),
  at timestamptz NOT NULL,
  reason text,
  pump_rate_ml_per_h numeric CHECK (pump_rate_ml_per_h > 0),
  received_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL REFERENCES users (id),
  CHECK (change IN ('resumed', 'ended') OR length(coalesce(reason, '')) > 0),
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id)
);
CREATE INDEX session_administration_changes_session ON session_administration_changes (org_id, session_id, at);
CREATE TRIGGER session_administration_changes_no_update BEFORE UPDATE OR DELETE ON session_administration_changes
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Corrections after signing: the note stays as signed.
CREATE TABLE session_addenda (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
  signed_by uuid NOT NULL REFERENCES users (id),
  signer_name text NOT NULL,
  signature_meaning text NOT NULL,
  signed_at timestamptz NOT NULL,
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id)
);
CREATE INDEX session_addenda_session ON session_addenda (org_id, session_id, signed_at);
CREATE TRIGGER session_addenda_no_update BEFORE UPDATE OR DELETE ON session_addenda
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
