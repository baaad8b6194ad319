-- Measurement-based care: responses, single-use links, suicide-risk alerts, the outbox, clinic settings.

CREATE TABLE org_settings (
  org_id uuid PRIMARY KEY REFERENCES organisations (id),
  clinic_phone text,
  on_call_name text,
  on_call_email text,
  on_call_webhook_url text,
  -- Clinic policy: page the on-call contact when a non-high alert is still open after this long.
  page_unacknowledged_after_minutes integer NOT NULL DEFAULT 60 CHECK (page_unacknowledged_after_minutes BETWEEN 1 AND 1440),
  test_page_succeeded_at timestamptz,
  measure_link_hours integer NOT NULL DEFAULT 72 CHECK (measure_link_hours BETWEEN 1 AND 720),
  madrs_remission_max integer NOT NULL DEFAULT 10 CHECK (madrs_remission_max IN (10, 12)),
  madrs_suicide_item_at_least integer NOT NULL DEFAULT 4 CHECK (madrs_suicide_item_at_least BETWEEN 1 AND 6),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Licensed item wording a clinic holds, shown in place of item names.
CREATE TABLE text_packs (
  org_id uuid NOT NULL REFERENCES organisations (id),
  instrument text NOT NULL,
  pack jsonb NOT NULL,
  loaded_by uuid REFERENCES users (id),
  loaded_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, instrument)
);

CREATE TABLE measure_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  instruments text[] NOT NULL CHECK (cardinality(instruments) BETWEEN 1 AND 5),
  token_hash text NOT NULL UNIQUE,
  kiosk boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  completed_at timestamptz,
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
);
CREATE INDEX measure_links_patient ON measure_links (org_id, patient_id, created_at);

-- A completed questionnaire is a signed record: never changed, never deleted.
CREATE TABLE measure_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  instrument text NOT NULL,
  answers jsonb NOT NULL,
  total integer,
  severity text NOT NULL,
  suicide_risk boolean NOT NULL,
  risk_reasons text[] NOT NULL DEFAULT '{}',
  source text NOT NULL CHECK (source IN ('patient-link', 'kiosk', 'staff-for-patient', 'clinician-rated')),
  entered_by uuid REFERENCES users (id),
  link_id uuid REFERENCES measure_links (id),
  idempotency_key text NOT NULL,
  completed_at timestamptz NOT NULL,
  UNIQUE (org_id, idempotency_key),
  UNIQUE (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
);
CREATE INDEX measure_responses_trajectory ON measure_responses (org_id, patient_id, instrument, completed_at);
CREATE INDEX measure_responses_completed ON measure_responses (org_id, completed_at);
CREATE UNIQUE INDEX measure_responses_one_per_link ON measure_responses (link_id, instrument) WHERE link_id IS NOT NULL;

CREATE TRIGGER measure_responses_no_update BEFORE UPDATE OR DELETE ON measure_responses
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER measure_responses_no_truncate BEFORE TRUNCATE ON measure_responses
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE risk_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  response_id uuid NOT NULL,
  level text NOT NULL CHECK (level IN ('high', 'standard')),
  reasons text[] NOT NULL,
  created_at timestamptz NOT NULL,
  page_due_at timestamptz NOT NULL,
  paged_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES users (id),
  action text CHECK (action IN ('called-patient', 'safety-plan-reviewed', 'referred-emergency', 'other')),
  note text,
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL AND action IS NULL)),
  CHECK (action <> 'other' OR length(coalesce(note, '')) > 0),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, response_id) REFERENCES measure_responses (org_id, id)
);
CREATE INDEX risk_alerts_open ON risk_alerts (org_id, created_at) WHERE acknowledged_at IS NULL;
CREATE INDEX risk_alerts_due ON risk_alerts (page_due_at) WHERE acknowledged_at IS NULL AND paged_at IS NULL;

-- An alert is never deleted, and once acknowledged it is never changed.
CREATE FUNCTION risk_alerts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'risk alerts are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.acknowledged_at IS NOT NULL THEN
    RAISE EXCEPTION 'an acknowledged risk alert is never changed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id <> OLD.id OR NEW.org_id <> OLD.org_id OR NEW.patient_id <> OLD.patient_id
     OR NEW.response_id <> OLD.response_id OR NEW.level <> OLD.level OR NEW.reasons <> OLD.reasons
     OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'only paging and acknowledgement of a risk alert may change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER risk_alerts_guard BEFORE UPDATE OR DELETE ON risk_alerts
  FOR EACH ROW EXECUTE FUNCTION risk_alerts_guard();
CREATE TRIGGER risk_alerts_no_truncate BEFORE TRUNCATE ON risk_alerts
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Messages leave through here, so nothing silently disappears: unsent ones stay listed.
CREATE TABLE outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  kind text NOT NULL CHECK (kind IN ('risk-page', 'test-page', 'measure-reminder')),
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  related_id uuid,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_org ON outbox (org_id, created_at);

-- Treatment dates for the trajectory's time axis, recorded by staff until session charting records them.
CREATE TABLE treatment_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  occurred_on date NOT NULL,
  description text NOT NULL,
  recorded_by uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
);
CREATE INDEX treatment_events_patient ON treatment_events (org_id, patient_id, occurred_on);
