-- Callback requests from the public site (leads), their history, the spam counter, the secret that
-- signs form tokens, and the public clinic directory an admin imports for the locator.

-- Secrets the server generates for itself on first use, so none is kept in the repository or in
-- configuration. A second instance reads the same row.
CREATE TABLE server_secrets (
  name text PRIMARY KEY CHECK (name ~ '^[a-z0-9-]{1,60}$'),
  secret bytea NOT NULL CHECK (octet_length(secret) >= 32),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  phone text NOT NULL CHECK (char_length(phone) BETWEEN 7 AND 40),
  email text CHECK (char_length(email) <= 254),
  best_time text NOT NULL CHECK (best_time IN ('morning', 'afternoon', 'evening', 'any')),
  preferred_contact text NOT NULL CHECK (preferred_contact IN ('phone', 'text', 'email')),
  message text CHECK (char_length(message) <= 1000),
  -- The words the visitor agreed to, kept with the time they agreed.
  consent_text text NOT NULL CHECK (char_length(consent_text) BETWEEN 1 AND 1000),
  consented_at timestamptz NOT NULL,
  -- PHQ-9 answers only when the visitor chose to send them, with the server's score.
  self_check jsonb,
  self_check_total integer CHECK (self_check_total BETWEEN 0 AND 27),
  self_check_severity text,
  urgent boolean NOT NULL DEFAULT false,
  urgent_reason text,
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'contacted', 'consult-booked', 'not-a-fit', 'closed')),
  patient_id uuid REFERENCES patients (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (preferred_contact <> 'email' OR email IS NOT NULL)
);
-- The queue: open leads, urgent first, oldest first.
CREATE INDEX leads_queue ON leads (org_id, status, urgent DESC, created_at);

-- Who did what and when, append-only.
CREATE TABLE lead_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Insertion order, for events recorded at the same instant.
  position bigint GENERATED ALWAYS AS IDENTITY,
  org_id uuid NOT NULL REFERENCES organisations (id),
  lead_id uuid NOT NULL REFERENCES leads (id),
  at timestamptz NOT NULL,
  user_id uuid REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('created', 'status', 'note', 'converted')),
  from_status text,
  to_status text,
  note text CHECK (char_length(note) <= 2000),
  patient_id uuid REFERENCES patients (id)
);
CREATE INDEX lead_events_lead ON lead_events (org_id, lead_id, at);
CREATE TRIGGER lead_events_append_only BEFORE UPDATE OR DELETE ON lead_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Requests the spam defences discarded, counted per day and reason; nothing of their content is kept.
CREATE TABLE lead_spam_counts (
  org_id uuid NOT NULL REFERENCES organisations (id),
  day date NOT NULL,
  reason text NOT NULL CHECK (reason IN ('honeypot', 'too-fast')),
  count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, day, reason)
);

CREATE TABLE directory_clinics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  address text NOT NULL CHECK (char_length(address) BETWEEN 1 AND 300),
  city text NOT NULL CHECK (char_length(city) BETWEEN 1 AND 100),
  state text NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  zip text NOT NULL CHECK (zip ~ '^[0-9]{5}$'),
  phone text CHECK (char_length(phone) <= 40),
  website text CHECK (website ~ '^https?://' AND char_length(website) <= 300),
  services text[] NOT NULL DEFAULT '{}',
  accreditations text[] NOT NULL DEFAULT '{}',
  -- The ZIP centroid, looked up once at import so a search is an index range scan.
  latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  imported_by uuid REFERENCES users (id),
  imported_at timestamptz NOT NULL
);
CREATE INDEX directory_clinics_position ON directory_clinics (org_id, latitude, longitude);

-- New leads and urgent self-checks leave through the outbox. The kinds are read from the existing
-- check rather than restated, so a kind another migration added is kept.
DO $$
DECLARE
  check_name text;
  kinds text[];
BEGIN
  SELECT c.conname,
         ARRAY(SELECT DISTINCT (regexp_matches(pg_get_constraintdef(c.oid), '''([^'']+)''', 'g'))[1])
    INTO check_name, kinds
    FROM pg_constraint c
   WHERE c.conrelid = 'outbox'::regclass AND c.contype = 'c'
     AND pg_get_constraintdef(c.oid) ~ '\mkind\M';
  IF check_name IS NOT NULL THEN
    EXECUTE format('ALTER TABLE outbox DROP CONSTRAINT %I', check_name);
  END IF;
  IF NOT 'lead-new' = ANY (coalesce(kinds, '{}')) THEN
    kinds := array_append(coalesce(kinds, '{}'), 'lead-new');
  END IF;
  IF NOT 'lead-urgent' = ANY (kinds) THEN
    kinds := array_append(kinds, 'lead-urgent');
  END IF;
  EXECUTE format('ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind = ANY (%L::text[]))', kinds);
END;
$$;
