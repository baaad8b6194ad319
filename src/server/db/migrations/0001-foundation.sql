-- Foundation: organisations, locations, users and roles, sessions, throttling, the audit trail.

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- The installation's primary organisation serves the public routes.
CREATE UNIQUE INDEX organisations_one_primary ON organisations (is_primary) WHERE is_primary;

CREATE TABLE locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  address_line1 text NOT NULL,
  address_line2 text,
  city text NOT NULL,
  state text NOT NULL,
  postal_code text NOT NULL,
  phone text,
  time_zone text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX locations_org ON locations (org_id, name);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  email text NOT NULL CHECK (email = lower(email)),
  name text NOT NULL,
  password_hash text,
  active boolean NOT NULL DEFAULT true,
  mfa_secret text,
  mfa_enrolled_at timestamptz,
  mfa_last_step bigint,
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Sign-in is by email alone, so an email names one account in the installation.
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_org ON users (org_id, name);

CREATE TABLE user_roles (
  org_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('admin', 'prescriber', 'nurse', 'front_desk', 'therapist', 'patient')),
  PRIMARY KEY (user_id, role)
);

CREATE TABLE recovery_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  code_hash text NOT NULL,
  used_at timestamptz
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  token_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  token_hash text NOT NULL UNIQUE,
  csrf_token text NOT NULL,
  restricted boolean NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE ended_at IS NULL;

-- Throttling counters live in the database so every app instance sees the same counts.
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL
);

-- Every action writes here in its own transaction; the sealer moves rows into the chain.
CREATE TABLE audit_pending (
  id bigserial PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id),
  at timestamptz NOT NULL,
  user_id uuid,
  user_email text,
  roles text[] NOT NULL DEFAULT '{}',
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  patient_id uuid,
  request_id text,
  ip text,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  details jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE audit_log (
  org_id uuid NOT NULL REFERENCES organisations (id),
  seq bigint NOT NULL CHECK (seq > 0),
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  at timestamptz NOT NULL,
  user_id uuid,
  user_email text,
  roles text[] NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  patient_id uuid,
  request_id text,
  ip text,
  outcome text NOT NULL,
  details jsonb NOT NULL,
  PRIMARY KEY (org_id, seq)
);
CREATE INDEX audit_log_at ON audit_log (org_id, at);
CREATE INDEX audit_log_user ON audit_log (org_id, user_id, at);
CREATE INDEX audit_log_patient ON audit_log (org_id, patient_id, at) WHERE patient_id IS NOT NULL;

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
