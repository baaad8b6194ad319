-- Patient registry: demographics, contacts, the ride home, care team, and fast search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Per-organisation counters (MRNs today; invoice-like numbers later).
CREATE TABLE org_counters (
  org_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (org_id, name)
);

CREATE TABLE patients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  mrn text NOT NULL CHECK (length(mrn) BETWEEN 1 AND 40),
  legal_given_name text NOT NULL,
  legal_family_name text NOT NULL,
  preferred_name text,
  date_of_birth date NOT NULL,
  sex_at_birth text NOT NULL CHECK (sex_at_birth IN ('female', 'male', 'intersex', 'unknown')),
  gender_identity text,
  pronouns text,
  phone text,
  email text,
  address_line1 text,
  address_line2 text,
  city text,
  state text,
  postal_code text,
  emergency_contact_name text,
  emergency_contact_phone text,
  emergency_contact_relationship text,
  driver_name text,
  driver_phone text,
  referring_clinician text,
  primary_clinician_id uuid REFERENCES users (id),
  user_id uuid UNIQUE REFERENCES users (id),
  -- Optimistic concurrency: an update names the version it read; a stale one gets 409.
  version integer NOT NULL DEFAULT 1,
  status text NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'intake', 'active', 'paused', 'discharged')),
  -- Search keys, kept by PostgreSQL itself so they can never disagree with the record.
  search_name text GENERATED ALWAYS AS (
    lower(legal_given_name || ' ' || legal_family_name || ' ' || coalesce(preferred_name, ''))
  ) STORED,
  phone_digits text GENERATED ALWAYS AS (regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, mrn),
  UNIQUE (org_id, id)
);
CREATE INDEX patients_name_trgm ON patients USING gin (search_name gin_trgm_ops);
CREATE INDEX patients_phone_trgm ON patients USING gin (phone_digits gin_trgm_ops);
CREATE INDEX patients_mrn_trgm ON patients USING gin (lower(mrn) gin_trgm_ops);
CREATE INDEX patients_dob ON patients (org_id, date_of_birth);
CREATE INDEX patients_org_name ON patients (org_id, legal_family_name, legal_given_name, id);

CREATE TABLE care_team_members (
  org_id uuid NOT NULL REFERENCES organisations (id),
  patient_id uuid NOT NULL REFERENCES patients (id),
  user_id uuid NOT NULL REFERENCES users (id),
  PRIMARY KEY (patient_id, user_id)
);
CREATE INDEX care_team_user ON care_team_members (user_id);
