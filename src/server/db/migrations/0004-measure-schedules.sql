-- Which questionnaires each patient is due, and when; the reminder loop sends links as they fall due.
CREATE TABLE measure_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  instrument text NOT NULL,
  cadence text NOT NULL CHECK (cadence IN ('once', 'weekly', 'monthly')),
  next_due_at timestamptz NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  last_sent_at timestamptz,
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
);
CREATE INDEX measure_schedules_due ON measure_schedules (next_due_at) WHERE active;
CREATE INDEX measure_schedules_patient ON measure_schedules (org_id, patient_id);
