-- DEA registration per registered location: DEA records are kept per registered location (21 CFR
-- 1304.04), and the controlled-substance reports print the registrant (location name, registered
-- address, DEA number) at the top. Nullable: a location that stocks no controlled substances has none.
-- The check digit is checked by the application (src/domain/ledger/dea-number.ts); the database keeps
-- the format.
ALTER TABLE locations ADD COLUMN dea_registration text
  CONSTRAINT locations_dea_registration_format CHECK (dea_registration ~ '^[A-Z]{2}[0-9]{7}$');
