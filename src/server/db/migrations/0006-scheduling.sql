-- Scheduling: chairs and rooms per location, staff hours, SPRAVATO REMS enrolment, and bookings that
-- PostgreSQL itself keeps from overlapping (per chair and per patient), however many clerks book at once.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Lets tenant-owned tables reference a location together with its organisation.
CREATE UNIQUE INDEX IF NOT EXISTS locations_org_id ON locations (org_id, id);

CREATE TABLE chairs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  location_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('chair', 'room')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id)
);
CREATE UNIQUE INDEX chairs_name ON chairs (location_id, lower(name));

-- When a staff member works at a location, in the location's local time, week after week.
CREATE TABLE staff_hours (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id),
  location_id uuid NOT NULL,
  weekday text NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
  starts_local time NOT NULL,
  ends_local time NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  CHECK (ends_local > starts_local),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  -- Nobody works two overlapping shifts, at one location or two.
  CONSTRAINT staff_hours_no_overlap EXCLUDE USING gist (
    user_id WITH =,
    weekday WITH =,
    tsrange(DATE '2000-01-03' + starts_local, DATE '2000-01-03' + ends_local) WITH &&
  )
);
CREATE INDEX staff_hours_location ON staff_hours (org_id, location_id, weekday);

-- SPRAVATO REMS patient enrolment: esketamine is never booked without it.
CREATE TABLE rems_enrolments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  enrolled_at timestamptz NOT NULL,
  -- The staff member who recorded (and vouches for) the enrolment.
  enrolled_by uuid NOT NULL REFERENCES users (id),
  reference text CHECK (length(reference) <= 100),
  recorded_at timestamptz NOT NULL,
  UNIQUE (org_id, patient_id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
);

CREATE TABLE bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  location_id uuid NOT NULL,
  chair_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  route text NOT NULL CHECK (route IN ('iv-ketamine', 'esketamine')),
  protocol_id text NOT NULL,
  protocol_version integer NOT NULL,
  phase_id text NOT NULL,
  -- The plan's session this booking carries out. No foreign key yet: planned_sessions comes from the
  -- plans feature's own migration, built in parallel; the key is added once both are in.
  planned_session_id uuid,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'no-show', 'completed')),
  driver_name text NOT NULL CHECK (length(driver_name) BETWEEN 1 AND 200),
  driver_phone text NOT NULL CHECK (length(driver_phone) BETWEEN 1 AND 40),
  ride_home_source text NOT NULL CHECK (ride_home_source IN ('patient-record', 'entered')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  cancelled_at timestamptz,
  cancelled_by uuid REFERENCES users (id),
  cancellation_reason text,
  no_show_at timestamptz,
  no_show_by uuid REFERENCES users (id),
  no_show_reason text,
  completed_at timestamptz,
  completed_by uuid REFERENCES users (id),
  reminder_sent_at timestamptz,
  CHECK (ends_at > starts_at),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancellation_reason IS NOT NULL)),
  CHECK ((status = 'no-show') = (no_show_at IS NOT NULL AND no_show_reason IS NOT NULL)),
  CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, chair_id) REFERENCES chairs (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  -- No double booking, decided by PostgreSQL under any concurrency (SQLSTATE 23P01 on conflict).
  -- A completed session keeps holding its slot, so completing one never reopens it to a new booking.
  CONSTRAINT bookings_no_chair_overlap EXCLUDE USING gist (
    chair_id WITH =,
    tstzrange(starts_at, ends_at) WITH &&
  ) WHERE (status IN ('booked', 'completed')),
  CONSTRAINT bookings_no_patient_overlap EXCLUDE USING gist (
    patient_id WITH =,
    tstzrange(starts_at, ends_at) WITH &&
  ) WHERE (status IN ('booked', 'completed'))
);
CREATE INDEX bookings_location_time ON bookings (org_id, location_id, starts_at);
CREATE INDEX bookings_patient_time ON bookings (org_id, patient_id, starts_at);
CREATE INDEX bookings_reminder_due ON bookings (starts_at) WHERE status = 'booked' AND reminder_sent_at IS NULL;

-- A booking is never deleted or moved: rescheduling is a cancellation and a new booking. Once it is
-- cancelled, a no-show or completed, it never changes again.
CREATE FUNCTION bookings_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'bookings are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status <> 'booked' THEN
    RAISE EXCEPTION 'a % booking is never changed', OLD.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id <> OLD.id OR NEW.org_id <> OLD.org_id OR NEW.location_id <> OLD.location_id
     OR NEW.chair_id <> OLD.chair_id OR NEW.patient_id <> OLD.patient_id OR NEW.route <> OLD.route
     OR NEW.protocol_id <> OLD.protocol_id OR NEW.protocol_version <> OLD.protocol_version
     OR NEW.phase_id <> OLD.phase_id OR NEW.starts_at <> OLD.starts_at OR NEW.ends_at <> OLD.ends_at
     OR NEW.driver_name <> OLD.driver_name OR NEW.driver_phone <> OLD.driver_phone
     OR NEW.created_at <> OLD.created_at OR NEW.planned_session_id IS DISTINCT FROM OLD.planned_session_id THEN
    RAISE EXCEPTION 'only the status and the reminder of a booking may change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER bookings_guard BEFORE UPDATE OR DELETE ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_guard();
CREATE TRIGGER bookings_no_truncate BEFORE TRUNCATE ON bookings
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Booking reminders leave through the outbox. The kinds are read from the existing check rather than
-- restated, so a kind another migration added is kept.
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
  IF NOT 'booking-reminder' = ANY (coalesce(kinds, '{}')) THEN
    kinds := array_append(coalesce(kinds, '{}'), 'booking-reminder');
  END IF;
  EXECUTE format('ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind = ANY (%L::text[]))', kinds);
END;
$$;
