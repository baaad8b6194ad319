-- Controlled-substance inventory (DEA Schedule III): products, lots, locked cabinets, the
-- hash-chained ledger, balances per lot and cabinet, counts with their discrepancy workflow.

CREATE TABLE cs_products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  ndc text NOT NULL CHECK (ndc ~ '^[0-9]{4,5}-[0-9]{3,4}-[0-9]{1,2}$'),
  form text NOT NULL CHECK (form IN ('vial', 'nasal-device')),
  base_unit text NOT NULL CHECK (base_unit IN ('mg', 'device')),
  mg_per_ml numeric(10, 3) CHECK (mg_per_ml > 0),
  mg_per_device numeric(10, 3) CHECK (mg_per_device > 0),
  container_size text NOT NULL CHECK (length(container_size) BETWEEN 1 AND 100),
  units_per_container numeric(12, 1) NOT NULL CHECK (units_per_container > 0),
  created_at timestamptz NOT NULL,
  UNIQUE (org_id, ndc)
);

CREATE TABLE cs_lots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  product_id uuid NOT NULL REFERENCES cs_products (id),
  lot_number text NOT NULL CHECK (length(lot_number) BETWEEN 1 AND 60),
  expires_on date NOT NULL,
  -- The first receipt's supplier and invoice; every receipt entry keeps its own in details.
  supplier_name text NOT NULL,
  supplier_address text NOT NULL,
  supplier_dea text NOT NULL,
  invoice_number text NOT NULL,
  invoice_date date NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (org_id, product_id, lot_number)
);

-- 21 CFR 1301.75(b): a securely locked, substantially constructed cabinet at a registered location.
CREATE TABLE cs_cabinets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  location_id uuid NOT NULL REFERENCES locations (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL,
  UNIQUE (location_id, name)
);

-- One chain per organisation (design.md, "Hash chains"), chained at write time.
CREATE TABLE ledger_entries (
  org_id uuid NOT NULL REFERENCES organisations (id),
  seq bigint NOT NULL CHECK (seq > 0),
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  id uuid NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('receipt', 'administration', 'waste', 'transfer-out', 'transfer-in',
                                     'return', 'destruction', 'loss', 'adjustment')),
  occurred_at timestamptz NOT NULL,
  product_id uuid NOT NULL REFERENCES cs_products (id),
  lot_id uuid NOT NULL REFERENCES cs_lots (id),
  cabinet_id uuid NOT NULL REFERENCES cs_cabinets (id),
  quantity numeric(12, 1) NOT NULL CHECK (quantity <> 0),
  balance_after numeric(12, 1) NOT NULL CHECK (balance_after >= 0),
  actor_id uuid NOT NULL REFERENCES users (id),
  witness_ids uuid[] NOT NULL DEFAULT '{}',
  patient_id uuid REFERENCES patients (id),
  booking_id uuid REFERENCES bookings (id),
  -- The session chart (issue 5) records its administration here; its own table will reference
  -- ledger_entries (id) and this column names the session back, so either side finds the other.
  session_id uuid,
  count_id uuid,
  related_entry_id uuid,
  details jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (org_id, seq)
);
CREATE INDEX ledger_entries_time ON ledger_entries (org_id, occurred_at);
CREATE INDEX ledger_entries_lot ON ledger_entries (org_id, lot_id, occurred_at);
CREATE INDEX ledger_entries_actor ON ledger_entries (org_id, actor_id, occurred_at);
CREATE INDEX ledger_entries_patient ON ledger_entries (org_id, patient_id) WHERE patient_id IS NOT NULL;
CREATE INDEX ledger_entries_count ON ledger_entries (count_id) WHERE count_id IS NOT NULL;

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The current balance of each lot in each cabinet, changed in the same transaction as its entry
-- under a row lock; the CHECK is the last line against a negative balance.
CREATE TABLE ledger_balances (
  org_id uuid NOT NULL REFERENCES organisations (id),
  lot_id uuid NOT NULL REFERENCES cs_lots (id),
  cabinet_id uuid NOT NULL REFERENCES cs_cabinets (id),
  balance numeric(12, 1) NOT NULL CHECK (balance >= 0),
  last_seq bigint NOT NULL,
  PRIMARY KEY (lot_id, cabinet_id)
);
CREATE INDEX ledger_balances_org ON ledger_balances (org_id, cabinet_id);

CREATE TABLE inventory_counts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  cabinet_id uuid NOT NULL REFERENCES cs_cabinets (id),
  kind text NOT NULL CHECK (kind IN ('shift', 'end-of-day', 'initial', 'biennial')),
  timing text CHECK (timing IN ('opening', 'closing')),
  counted_by uuid NOT NULL REFERENCES users (id),
  counted_at timestamptz NOT NULL,
  -- The ledger head when the count was taken: the expected balances are as of this entry.
  ledger_seq bigint NOT NULL,
  discrepancies integer NOT NULL CHECK (discrepancies >= 0),
  status text NOT NULL CHECK (status IN ('balanced', 'open', 'investigating', 'explained', 'reported')),
  CHECK ((discrepancies = 0) = (status = 'balanced')),
  -- 21 CFR 1304.11: inventories say whether they were taken at the opening or close of business.
  CHECK (kind NOT IN ('initial', 'biennial') OR timing IS NOT NULL)
);
CREATE INDEX inventory_counts_org ON inventory_counts (org_id, counted_at DESC);

CREATE FUNCTION inventory_counts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR (to_jsonb(NEW) - 'status') <> (to_jsonb(OLD) - 'status') THEN
    RAISE EXCEPTION 'only the discrepancy status of a count may change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER inventory_counts_guard BEFORE UPDATE OR DELETE ON inventory_counts
  FOR EACH ROW EXECUTE FUNCTION inventory_counts_guard();
CREATE TRIGGER inventory_counts_no_truncate BEFORE TRUNCATE ON inventory_counts
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE inventory_count_lines (
  count_id uuid NOT NULL REFERENCES inventory_counts (id),
  org_id uuid NOT NULL REFERENCES organisations (id),
  lot_id uuid NOT NULL REFERENCES cs_lots (id),
  expected numeric(12, 1) NOT NULL,
  counted numeric(12, 1) NOT NULL CHECK (counted >= 0),
  difference numeric(12, 1) NOT NULL,
  -- 1304.11: an opened CIII container may be estimated rather than counted exactly.
  method text NOT NULL CHECK (method IN ('counted', 'estimated')),
  PRIMARY KEY (count_id, lot_id)
);

CREATE TABLE inventory_count_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  count_id uuid NOT NULL REFERENCES inventory_counts (id),
  action text NOT NULL CHECK (action IN ('investigate', 'explain', 'report')),
  note text NOT NULL CHECK (length(note) BETWEEN 1 AND 4000),
  by_user uuid NOT NULL REFERENCES users (id),
  at timestamptz NOT NULL
);
CREATE INDEX inventory_count_notes_count ON inventory_count_notes (count_id, at);

CREATE TRIGGER inventory_count_lines_no_update BEFORE UPDATE OR DELETE ON inventory_count_lines
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER inventory_count_lines_no_truncate BEFORE TRUNCATE ON inventory_count_lines
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER inventory_count_notes_no_update BEFORE UPDATE OR DELETE ON inventory_count_notes
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER inventory_count_notes_no_truncate BEFORE TRUNCATE ON inventory_count_notes
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Clinic policy (on by default, an admin may turn them off): the witness for waste is mostly state law.
ALTER TABLE org_settings
  ADD COLUMN waste_witness_required boolean NOT NULL DEFAULT true,
  ADD COLUMN adjustment_witness_required boolean NOT NULL DEFAULT true;

-- The clinic's own questions added to the DEA Form 106 fields for a theft or loss.
CREATE TABLE inventory_loss_fields (
  org_id uuid NOT NULL REFERENCES organisations (id),
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9-]{0,39}$'),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  required boolean NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (org_id, key)
);
