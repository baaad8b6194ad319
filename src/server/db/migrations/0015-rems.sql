-- SPRAVATO REMS Patient Monitoring Forms and serious adverse events (issue 5, item 7). The form itself
-- is generated from the signed session note; stored here are only the answers the chart does not hold,
-- the staff's record that they submitted a form (Ketaflow never submits it), the clinic's own field
-- lists, and serious adverse events with the MedWatch 3500 fields.

-- Answers staff give that the note does not record (concomitant medications, the monitoring
-- provider's telephone, minutes until ready to leave, clinic-added adverse-effect items).
CREATE TABLE rems_form_answers (
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  answers jsonb NOT NULL,
  updated_by uuid NOT NULL REFERENCES users (id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, session_id),
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
);
CREATE INDEX rems_form_answers_patient ON rems_form_answers (org_id, patient_id);

-- Staff say they submitted the form (online or by fax), with who, when and the confirmation number,
-- and the form as it stood then. Once per session; never changed.
CREATE TABLE rems_form_submissions (
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  submitted_at timestamptz NOT NULL,
  submitted_by uuid NOT NULL REFERENCES users (id),
  submitted_by_name text NOT NULL,
  confirmation_number text,
  form jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, session_id),
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
);
CREATE TRIGGER rems_form_submissions_no_update BEFORE UPDATE OR DELETE ON rems_form_submissions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER rems_form_submissions_no_truncate BEFORE TRUNCATE ON rems_form_submissions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The clinic's lists: the REMS form's adverse-effect items (replacing the defaults once set, so the
-- clinic can align them with the current form) and its own MedWatch questions (added to the built-in
-- fields, as the DEA Form 106 questions are).
CREATE TABLE rems_clinic_fields (
  org_id uuid NOT NULL,
  form text NOT NULL CHECK (form IN ('rems-adverse-effects', 'medwatch-3500')),
  key text NOT NULL,
  label text NOT NULL,
  required boolean NOT NULL DEFAULT false,
  position integer NOT NULL,
  PRIMARY KEY (org_id, form, key)
);

-- A serious adverse event linked to a session and its patient; append-only (a correction is a new
-- record that says so).
CREATE TABLE serious_adverse_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  event_date date NOT NULL,
  outcomes text[] NOT NULL CHECK (cardinality(outcomes) > 0),
  report jsonb NOT NULL,
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_by_name text NOT NULL,
  recorded_at timestamptz NOT NULL,
  UNIQUE (org_id, id),
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
);
CREATE INDEX serious_adverse_events_session ON serious_adverse_events (org_id, session_id);
CREATE INDEX serious_adverse_events_date ON serious_adverse_events (org_id, event_date);
CREATE TRIGGER serious_adverse_events_no_update BEFORE UPDATE OR DELETE ON serious_adverse_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER serious_adverse_events_no_truncate BEFORE TRUNCATE ON serious_adverse_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
