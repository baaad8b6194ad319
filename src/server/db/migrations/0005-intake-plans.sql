-- Intake, consent, eligibility, protocols and treatment plans. Every signed record here is append-only:
-- a correction is a new row that keeps the original (21 CFR 11.10(e)), and each signature stores the
-- signer's printed name, the time (UTC) and its meaning (21 CFR 11.50).

CREATE TABLE intakes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Orders records signed within the same instant.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
);
CREATE INDEX intakes_patient ON intakes (org_id, patient_id, created_at);
CREATE TRIGGER intakes_no_update BEFORE UPDATE OR DELETE ON intakes
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER intakes_no_truncate BEFORE TRUNCATE ON intakes
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE intake_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  intake_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  completed_at timestamptz,
  UNIQUE (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, intake_id) REFERENCES intakes (org_id, id)
);
CREATE INDEX intake_links_intake ON intake_links (org_id, intake_id, created_at);

-- Each save is a version: the patient's submission, clinicians' drafts, the one verified record, and
-- signed addenda that correct it. Baseline scores link to the questionnaire responses they came from.
CREATE TABLE intake_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  intake_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  kind text NOT NULL CHECK (kind IN ('patient-submission', 'clinician-draft', 'verified', 'addendum')),
  facts jsonb NOT NULL,
  baseline_phq9_id uuid,
  baseline_gad7_id uuid,
  baseline_cssrs_id uuid,
  baseline_madrs_id uuid,
  reason text,
  link_id uuid REFERENCES intake_links (id),
  author_id uuid REFERENCES users (id),
  signer_name text,
  signature_meaning text,
  created_at timestamptz NOT NULL,
  UNIQUE (org_id, id),
  UNIQUE (intake_id, version),
  CHECK ((kind = 'patient-submission') = (link_id IS NOT NULL)),
  CHECK ((kind = 'patient-submission') = (author_id IS NULL)),
  CHECK (kind NOT IN ('verified', 'addendum') OR (signer_name IS NOT NULL AND signature_meaning IS NOT NULL)),
  CHECK (kind <> 'addendum' OR length(coalesce(reason, '')) > 0),
  FOREIGN KEY (org_id, intake_id) REFERENCES intakes (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, baseline_phq9_id) REFERENCES measure_responses (org_id, id),
  FOREIGN KEY (org_id, baseline_gad7_id) REFERENCES measure_responses (org_id, id),
  FOREIGN KEY (org_id, baseline_cssrs_id) REFERENCES measure_responses (org_id, id),
  FOREIGN KEY (org_id, baseline_madrs_id) REFERENCES measure_responses (org_id, id)
);
CREATE UNIQUE INDEX intake_versions_one_verified ON intake_versions (intake_id) WHERE kind = 'verified';
CREATE TRIGGER intake_versions_no_update BEFORE UPDATE OR DELETE ON intake_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER intake_versions_no_truncate BEFORE TRUNCATE ON intake_versions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A consent form signed by the patient (through their intake link) or by a signed-in user. The form's
-- text is identified by id, version and the SHA-256 of the exact text shown.
CREATE TABLE consent_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  intake_id uuid,
  form_id text NOT NULL,
  form_version integer NOT NULL,
  form_sha256 text NOT NULL,
  meaning text NOT NULL,
  printed_name text NOT NULL CHECK (length(printed_name) > 0),
  signer_kind text NOT NULL CHECK (signer_kind IN ('patient-link', 'user')),
  signer_user_id uuid REFERENCES users (id),
  link_id uuid REFERENCES intake_links (id),
  signed_at timestamptz NOT NULL,
  CHECK ((signer_kind = 'user') = (signer_user_id IS NOT NULL)),
  CHECK ((signer_kind = 'patient-link') = (link_id IS NOT NULL)),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, intake_id) REFERENCES intakes (org_id, id)
);
CREATE INDEX consent_signatures_patient ON consent_signatures (org_id, patient_id, signed_at);
CREATE TRIGGER consent_signatures_no_update BEFORE UPDATE OR DELETE ON consent_signatures
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER consent_signatures_no_truncate BEFORE TRUNCATE ON consent_signatures
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A clinic's eligibility rule set: version 1 is Ketaflow's default, each admin revision the next.
CREATE TABLE eligibility_rule_sets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  rule_set_id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  rules jsonb NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (org_id, id),
  UNIQUE (org_id, version)
);
CREATE TRIGGER eligibility_rule_sets_no_update BEFORE UPDATE OR DELETE ON eligibility_rule_sets
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER eligibility_rule_sets_no_truncate BEFORE TRUNCATE ON eligibility_rule_sets
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A prescriber's signed decision, with the evaluation it was made on; a later decision supersedes it.
CREATE TABLE eligibility_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Orders records signed within the same instant.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  intake_id uuid NOT NULL,
  intake_version_id uuid NOT NULL,
  rule_set_row_id uuid NOT NULL,
  rule_set_id text NOT NULL,
  rule_set_version integer NOT NULL,
  route text NOT NULL CHECK (route IN ('iv-ketamine', 'esketamine')),
  suggested_decision text NOT NULL
    CHECK (suggested_decision IN ('eligible', 'eligible-with-cautions', 'not-eligible', 'incomplete')),
  decision text NOT NULL CHECK (decision IN ('eligible', 'eligible-with-cautions', 'not-eligible')),
  fired_rule_ids text[] NOT NULL,
  overridden_exclusions text[] NOT NULL,
  decided_without_answers text[] NOT NULL,
  override_reason text,
  evaluation jsonb NOT NULL,
  supersedes_id uuid REFERENCES eligibility_decisions (id),
  signed_by uuid NOT NULL REFERENCES users (id),
  signer_name text NOT NULL,
  signature_meaning text NOT NULL,
  signed_at timestamptz NOT NULL,
  UNIQUE (org_id, id),
  CHECK (cardinality(overridden_exclusions) + cardinality(decided_without_answers) = 0
         OR length(coalesce(override_reason, '')) > 0),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, intake_id) REFERENCES intakes (org_id, id),
  FOREIGN KEY (org_id, intake_version_id) REFERENCES intake_versions (org_id, id),
  FOREIGN KEY (org_id, rule_set_row_id) REFERENCES eligibility_rule_sets (org_id, id)
);
CREATE INDEX eligibility_decisions_patient ON eligibility_decisions (org_id, patient_id, signed_at);
CREATE TRIGGER eligibility_decisions_no_update BEFORE UPDATE OR DELETE ON eligibility_decisions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER eligibility_decisions_no_truncate BEFORE TRUNCATE ON eligibility_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A clinic's protocols: version 1 of each default is Ketaflow's, copies start at 1, each edit is the next.
CREATE TABLE protocol_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  protocol_id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  route text NOT NULL CHECK (route IN ('iv-ketamine', 'esketamine')),
  name text NOT NULL,
  definition jsonb NOT NULL,
  warnings text[] NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (org_id, id),
  UNIQUE (org_id, protocol_id, version)
);
CREATE TRIGGER protocol_versions_no_update BEFORE UPDATE OR DELETE ON protocol_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER protocol_versions_no_truncate BEFORE TRUNCATE ON protocol_versions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A prescriber's signed plan for one patient; a later plan supersedes it.
CREATE TABLE treatment_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Orders records signed within the same instant.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  eligibility_decision_id uuid NOT NULL,
  intake_version_id uuid NOT NULL,
  protocol_row_id uuid NOT NULL,
  protocol_id text NOT NULL,
  protocol_version integer NOT NULL,
  route text NOT NULL CHECK (route IN ('iv-ketamine', 'esketamine')),
  phase_id text NOT NULL,
  start_date date NOT NULL,
  schedule jsonb NOT NULL,
  dosing jsonb NOT NULL,
  dose numeric NOT NULL CHECK (dose > 0),
  dose_unit text NOT NULL CHECK (dose_unit IN ('mg/kg', 'mg')),
  above_limit_reason text,
  response_instrument text NOT NULL CHECK (response_instrument IN ('phq9', 'madrs')),
  warnings text[] NOT NULL,
  supersedes_id uuid REFERENCES treatment_plans (id),
  signed_by uuid NOT NULL REFERENCES users (id),
  signer_name text NOT NULL,
  signature_meaning text NOT NULL,
  signed_at timestamptz NOT NULL,
  UNIQUE (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, eligibility_decision_id) REFERENCES eligibility_decisions (org_id, id),
  FOREIGN KEY (org_id, intake_version_id) REFERENCES intake_versions (org_id, id),
  FOREIGN KEY (org_id, protocol_row_id) REFERENCES protocol_versions (org_id, id)
);
CREATE INDEX treatment_plans_patient ON treatment_plans (org_id, patient_id, signed_at);
CREATE TRIGGER treatment_plans_no_update BEFORE UPDATE OR DELETE ON treatment_plans
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER treatment_plans_no_truncate BEFORE TRUNCATE ON treatment_plans
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The sessions a signed plan lays out. Only the status moves on (session charting sets it); the
-- planned date and dose stay as signed, and dose decisions are rows of their own.
CREATE TABLE planned_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  number integer NOT NULL CHECK (number >= 1),
  planned_on date NOT NULL,
  week integer NOT NULL,
  phase_id text NOT NULL,
  dose numeric NOT NULL CHECK (dose > 0),
  dose_unit text NOT NULL CHECK (dose_unit IN ('mg/kg', 'mg')),
  dose_mg numeric NOT NULL CHECK (dose_mg > 0),
  calculation jsonb NOT NULL,
  note text NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'given', 'cancelled')),
  UNIQUE (org_id, id),
  UNIQUE (plan_id, number),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, plan_id) REFERENCES treatment_plans (org_id, id)
);
CREATE INDEX planned_sessions_patient ON planned_sessions (org_id, patient_id, planned_on);

CREATE FUNCTION planned_sessions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'planned sessions are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (to_jsonb(NEW) - 'status') <> (to_jsonb(OLD) - 'status') THEN
    RAISE EXCEPTION 'only the status of a planned session may change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER planned_sessions_guard BEFORE UPDATE OR DELETE ON planned_sessions
  FOR EACH ROW EXECUTE FUNCTION planned_sessions_guard();
CREATE TRIGGER planned_sessions_no_truncate BEFORE TRUNCATE ON planned_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The prescriber's decision on a suggested dose for one planned session: the suggestion as shown, what
-- was decided and why. The software never changes a dose by itself.
CREATE TABLE dose_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Orders records signed within the same instant.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  planned_session_id uuid NOT NULL,
  suggestion jsonb NOT NULL,
  action text NOT NULL CHECK (action IN ('accept', 'change')),
  dose numeric CHECK (dose > 0),
  dose_unit text NOT NULL CHECK (dose_unit IN ('mg/kg', 'mg')),
  dose_mg numeric CHECK (dose_mg > 0),
  calculation jsonb,
  reason text,
  above_limit_reason text,
  signed_by uuid NOT NULL REFERENCES users (id),
  signer_name text NOT NULL,
  signature_meaning text NOT NULL,
  signed_at timestamptz NOT NULL,
  CHECK (action <> 'change' OR (length(coalesce(reason, '')) > 0 AND dose IS NOT NULL)),
  CHECK ((dose IS NULL) = (dose_mg IS NULL)),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, plan_id) REFERENCES treatment_plans (org_id, id),
  FOREIGN KEY (org_id, planned_session_id) REFERENCES planned_sessions (org_id, id)
);
CREATE INDEX dose_decisions_session ON dose_decisions (org_id, planned_session_id, signed_at);
CREATE TRIGGER dose_decisions_no_update BEFORE UPDATE OR DELETE ON dose_decisions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER dose_decisions_no_truncate BEFORE TRUNCATE ON dose_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
