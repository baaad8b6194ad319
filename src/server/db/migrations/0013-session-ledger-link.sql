-- The session chart's administration now writes its controlled-substance ledger entry in the same
-- transaction (issue 6, item 8). The administration row is inserted first and the ledger entry after
-- it, so the key is checked at commit.
ALTER TABLE session_administrations
  ADD CONSTRAINT session_administrations_ledger_entry_fk
  FOREIGN KEY (ledger_entry_id) REFERENCES ledger_entries (id) DEFERRABLE INITIALLY DEFERRED;

-- The chart finds the witnessed waste of a partly used container through the entry it relates to.
CREATE INDEX ledger_entries_related ON ledger_entries (org_id, related_entry_id)
  WHERE related_entry_id IS NOT NULL;
