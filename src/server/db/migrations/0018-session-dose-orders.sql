-- A dose that no plan backs (no planned session, or a dose other than the plan's) is given only on a
-- prescriber's order written on the chart: the prescriber signs in at the chair, names the dose and
-- why, and, above the protocol phase's maximum, why that too. One per session, never edited.
CREATE TABLE session_dose_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  session_id uuid NOT NULL,
  dose_mg numeric NOT NULL CHECK (dose_mg > 0),
  planned_dose_mg numeric CHECK (planned_dose_mg > 0),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  weight_kg numeric CHECK (weight_kg > 0),
  max_dose_mg numeric NOT NULL CHECK (max_dose_mg > 0),
  above_max_reason text CHECK (length(above_max_reason) BETWEEN 1 AND 2000),
  prescriber_id uuid NOT NULL REFERENCES users (id),
  prescriber_name text NOT NULL,
  signature_meaning text NOT NULL,
  ordered_at timestamptz NOT NULL,
  UNIQUE (org_id, session_id),
  CHECK (dose_mg <= max_dose_mg OR above_max_reason IS NOT NULL),
  FOREIGN KEY (org_id, session_id) REFERENCES treatment_sessions (org_id, id)
);
CREATE TRIGGER session_dose_orders_no_update BEFORE UPDATE OR DELETE ON session_dose_orders
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER session_dose_orders_no_truncate BEFORE TRUNCATE ON session_dose_orders
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

ALTER TABLE session_administrations DROP CONSTRAINT session_administrations_dose_source_check;
ALTER TABLE session_administrations ADD CONSTRAINT session_administrations_dose_source_check
  CHECK (dose_source IN ('planned-session', 'dose-decision', 'entered', 'prescriber-order'));
