import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables in migrations/; keep the two in step. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type Role = 'admin' | 'prescriber' | 'nurse' | 'front_desk' | 'therapist' | 'patient';

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  is_primary: Generated<boolean>;
  created_at: CreatedAt;
}

export interface LocationsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  address_line1: string;
  address_line2: string | null;
  city: string;
  state: string;
  postal_code: string;
  phone: string | null;
  time_zone: string;
  /** The location's DEA registration number (migration 0019). */
  dea_registration: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  name: string;
  password_hash: string | null;
  active: Generated<boolean>;
  mfa_secret: string | null;
  mfa_enrolled_at: Timestamp | null;
  mfa_last_step: ColumnType<string | null, string | number | null, string | number | null>;
  last_sign_in_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UserRolesTable {
  org_id: string;
  user_id: string;
  role: Role;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface InvitationsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SessionsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  restricted: boolean;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  absolute_expires_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

interface AuditColumns {
  org_id: string;
  at: Timestamp;
  user_id: string | null;
  user_email: string | null;
  roles: string[];
  action: string;
  entity_type: string;
  entity_id: string | null;
  patient_id: string | null;
  request_id: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  details: ColumnType<Record<string, unknown>, string, string>;
}

export interface AuditPendingTable extends AuditColumns {
  id: Generated<string>;
}

export interface AuditLogTable extends AuditColumns {
  seq: ColumnType<string, string | number, never>;
  prev_hash: string;
  hash: string;
}

export type PatientStatus = 'lead' | 'intake' | 'active' | 'paused' | 'discharged';
export type SexAtBirth = 'female' | 'male' | 'intersex' | 'unknown';

export interface PatientsTable {
  id: Generated<string>;
  org_id: string;
  mrn: string;
  legal_given_name: string;
  legal_family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  sex_at_birth: SexAtBirth;
  gender_identity: string | null;
  pronouns: string | null;
  phone: string | null;
  email: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  emergency_contact_relationship: string | null;
  driver_name: string | null;
  driver_phone: string | null;
  referring_clinician: string | null;
  primary_clinician_id: string | null;
  user_id: string | null;
  version: Generated<number>;
  status: Generated<PatientStatus>;
  search_name: ColumnType<string, never, never>;
  phone_digits: ColumnType<string, never, never>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CareTeamMembersTable {
  org_id: string;
  patient_id: string;
  user_id: string;
}

export interface OrgCountersTable {
  org_id: string;
  name: string;
  value: ColumnType<string, string | number, string | number>;
}

export interface OrgSettingsTable {
  org_id: string;
  clinic_phone: string | null;
  on_call_name: string | null;
  on_call_email: string | null;
  on_call_webhook_url: string | null;
  page_unacknowledged_after_minutes: Generated<number>;
  test_page_succeeded_at: Timestamp | null;
  measure_link_hours: Generated<number>;
  madrs_remission_max: Generated<number>;
  madrs_suicide_item_at_least: Generated<number>;
  updated_at: Timestamp;
}

export interface TextPacksTable {
  org_id: string;
  instrument: string;
  pack: ColumnType<unknown, string, string>;
  loaded_by: string | null;
  loaded_at: Timestamp;
}

export interface MeasureLinksTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  instruments: string[];
  token_hash: string;
  kiosk: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  completed_at: Timestamp | null;
}

export type ResponseSource = 'patient-link' | 'kiosk' | 'staff-for-patient' | 'clinician-rated';

export interface MeasureResponsesTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  instrument: string;
  answers: ColumnType<Record<string, number | null>, string, never>;
  total: number | null;
  severity: string;
  suicide_risk: boolean;
  risk_reasons: string[];
  source: ResponseSource;
  entered_by: string | null;
  link_id: string | null;
  idempotency_key: string;
  completed_at: Timestamp;
}

export type AlertAction = 'called-patient' | 'safety-plan-reviewed' | 'referred-emergency' | 'other';

export interface RiskAlertsTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  response_id: string;
  level: 'high' | 'standard';
  reasons: string[];
  created_at: Timestamp;
  page_due_at: Timestamp;
  paged_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  action: AlertAction | null;
  note: string | null;
}

export interface OutboxTable {
  id: Generated<string>;
  org_id: string;
  kind:
    | 'risk-page'
    | 'test-page'
    | 'measure-reminder'
    | 'booking-reminder'
    | 'lead-new'
    | 'lead-urgent'
    | 'discharge-instructions';
  channel: 'email' | 'webhook';
  recipient: string;
  subject: string;
  body: string;
  related_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
}

export interface TreatmentEventsTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  occurred_on: string;
  description: string;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export type Cadence = 'once' | 'weekly' | 'monthly' | 'before-session';

export interface MeasureSchedulesTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  instrument: string;
  cadence: Cadence;
  next_due_at: Timestamp;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  last_sent_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: CreatedAt;
}

export interface Database {
  organisations: OrganisationsTable;
  locations: LocationsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  recovery_codes: RecoveryCodesTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  audit_pending: AuditPendingTable;
  audit_log: AuditLogTable;
  schema_migrations: SchemaMigrationsTable;
  patients: PatientsTable;
  care_team_members: CareTeamMembersTable;
  org_counters: OrgCountersTable;
  org_settings: OrgSettingsTable;
  text_packs: TextPacksTable;
  measure_links: MeasureLinksTable;
  measure_responses: MeasureResponsesTable;
  risk_alerts: RiskAlertsTable;
  outbox: OutboxTable;
  treatment_events: TreatmentEventsTable;
  measure_schedules: MeasureSchedulesTable;
  intakes: IntakesTable;
  intake_links: IntakeLinksTable;
  intake_versions: IntakeVersionsTable;
  consent_signatures: ConsentSignaturesTable;
  eligibility_rule_sets: EligibilityRuleSetsTable;
  eligibility_decisions: EligibilityDecisionsTable;
  protocol_versions: ProtocolVersionsTable;
  treatment_plans: TreatmentPlansTable;
  planned_sessions: PlannedSessionsTable;
  dose_decisions: DoseDecisionsTable;
}

// Intake, consent, eligibility, protocols and treatment plans (migration 0005).

/** numeric columns arrive as strings; convert on purpose. */
type Numeric = ColumnType<string, number | string, never>;
type NullableNumeric = ColumnType<string | null, number | string | null, never>;

export interface IntakesTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  org_id: string;
  patient_id: string;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface IntakeLinksTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  intake_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  completed_at: Timestamp | null;
}

export type IntakeVersionKind = 'patient-submission' | 'clinician-draft' | 'verified' | 'addendum';

export interface IntakeVersionsTable {
  id: Generated<string>;
  org_id: string;
  intake_id: string;
  patient_id: string;
  version: number;
  kind: IntakeVersionKind;
  facts: ColumnType<unknown, string, never>;
  baseline_phq9_id: string | null;
  baseline_gad7_id: string | null;
  baseline_cssrs_id: string | null;
  baseline_madrs_id: string | null;
  reason: string | null;
  link_id: string | null;
  author_id: string | null;
  signer_name: string | null;
  signature_meaning: string | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface ConsentSignaturesTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  intake_id: string | null;
  form_id: string;
  form_version: number;
  form_sha256: string;
  meaning: string;
  printed_name: string;
  signer_kind: 'patient-link' | 'user';
  signer_user_id: string | null;
  link_id: string | null;
  signed_at: ColumnType<Date, Date | string, never>;
}

export interface EligibilityRuleSetsTable {
  id: Generated<string>;
  org_id: string;
  rule_set_id: string;
  version: number;
  rules: ColumnType<unknown, string, never>;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface EligibilityDecisionsTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  org_id: string;
  patient_id: string;
  intake_id: string;
  intake_version_id: string;
  rule_set_row_id: string;
  rule_set_id: string;
  rule_set_version: number;
  route: 'iv-ketamine' | 'esketamine';
  suggested_decision: string;
  decision: 'eligible' | 'eligible-with-cautions' | 'not-eligible';
  fired_rule_ids: string[];
  overridden_exclusions: string[];
  decided_without_answers: string[];
  override_reason: string | null;
  evaluation: ColumnType<unknown, string, never>;
  supersedes_id: string | null;
  signed_by: string;
  signer_name: string;
  signature_meaning: string;
  signed_at: ColumnType<Date, Date | string, never>;
}

export interface ProtocolVersionsTable {
  id: Generated<string>;
  org_id: string;
  protocol_id: string;
  version: number;
  route: 'iv-ketamine' | 'esketamine';
  name: string;
  definition: ColumnType<unknown, string, never>;
  warnings: Generated<string[]>;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface TreatmentPlansTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  org_id: string;
  patient_id: string;
  eligibility_decision_id: string;
  intake_version_id: string;
  protocol_row_id: string;
  protocol_id: string;
  protocol_version: number;
  route: 'iv-ketamine' | 'esketamine';
  phase_id: string;
  start_date: string;
  schedule: ColumnType<unknown, string, never>;
  dosing: ColumnType<unknown, string, never>;
  dose: Numeric;
  dose_unit: 'mg/kg' | 'mg';
  above_limit_reason: string | null;
  response_instrument: 'phq9' | 'madrs';
  warnings: string[];
  supersedes_id: string | null;
  signed_by: string;
  signer_name: string;
  signature_meaning: string;
  signed_at: ColumnType<Date, Date | string, never>;
}

export type PlannedSessionStatus = 'planned' | 'given' | 'cancelled';

export interface PlannedSessionsTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  plan_id: string;
  number: number;
  planned_on: string;
  week: number;
  phase_id: string;
  dose: Numeric;
  dose_unit: 'mg/kg' | 'mg';
  dose_mg: Numeric;
  calculation: ColumnType<unknown, string, never>;
  note: string;
  status: ColumnType<PlannedSessionStatus, PlannedSessionStatus | undefined, PlannedSessionStatus>;
}

export interface DoseDecisionsTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  org_id: string;
  patient_id: string;
  plan_id: string;
  planned_session_id: string;
  suggestion: ColumnType<unknown, string, never>;
  action: 'accept' | 'change';
  dose: NullableNumeric;
  dose_unit: 'mg/kg' | 'mg';
  dose_mg: NullableNumeric;
  calculation: ColumnType<unknown, string | null, never>;
  reason: string | null;
  above_limit_reason: string | null;
  signed_by: string;
  signer_name: string;
  signature_meaning: string;
  signed_at: ColumnType<Date, Date | string, never>;
}

// Scheduling (migration 0006): chairs, staff hours, REMS enrolment, bookings. Declared as a second
// `Database` interface, which TypeScript merges with the one above.

export type ChairKind = 'chair' | 'room';
export type BookingStatus = 'booked' | 'cancelled' | 'no-show' | 'completed';
export type BookingRoute = 'iv-ketamine' | 'esketamine';

export interface ChairsTable {
  id: Generated<string>;
  org_id: string;
  location_id: string;
  name: string;
  kind: ChairKind;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffHoursTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  location_id: string;
  weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  /** 'HH:MM:SS', the location's local time. */
  starts_local: string;
  ends_local: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface RemsEnrolmentsTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  enrolled_at: Timestamp;
  enrolled_by: string;
  reference: string | null;
  recorded_at: Timestamp;
}

export interface BookingsTable {
  id: Generated<string>;
  org_id: string;
  location_id: string;
  chair_id: string;
  patient_id: string;
  route: BookingRoute;
  protocol_id: string;
  protocol_version: number;
  phase_id: string;
  planned_session_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: ColumnType<BookingStatus, BookingStatus | undefined, BookingStatus>;
  driver_name: string;
  driver_phone: string;
  ride_home_source: 'patient-record' | 'entered';
  created_by: string | null;
  created_at: Timestamp;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
  cancellation_reason: string | null;
  no_show_at: Timestamp | null;
  no_show_by: string | null;
  no_show_reason: string | null;
  completed_at: Timestamp | null;
  completed_by: string | null;
  reminder_sent_at: Timestamp | null;
}

export interface Database {
  chairs: ChairsTable;
  staff_hours: StaffHoursTable;
  rems_enrolments: RemsEnrolmentsTable;
  bookings: BookingsTable;
}

// Public site: branding, images, location pages, stories and the search index (migration 0009).

export interface OrgSettingsTable {
  site_name: ColumnType<string | null, string | null | undefined, string | null>;
  site_tagline: ColumnType<string | null, string | null | undefined, string | null>;
  helpline_phone: ColumnType<string | null, string | null | undefined, string | null>;
  public_email: ColumnType<string | null, string | null | undefined, string | null>;
  public_address: ColumnType<string | null, string | null | undefined, string | null>;
  brand_color: ColumnType<string | null, string | null | undefined, string | null>;
  accent_color: ColumnType<string | null, string | null | undefined, string | null>;
  logo_image_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SiteImagesTable {
  id: Generated<string>;
  org_id: string;
  content_type: 'image/png' | 'image/jpeg' | 'image/webp';
  bytes: Buffer;
  sha256: string;
  width: number | null;
  height: number | null;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

export type SiteTourStep = { title: string; text: string };

export interface SiteLocationPagesTable {
  location_id: string;
  org_id: string;
  slug: string;
  intro: Generated<string>;
  amenities: ColumnType<string[], string | undefined, string>;
  tour: ColumnType<SiteTourStep[], string | undefined, string>;
  published: Generated<boolean>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface SiteLocationPhotosTable {
  id: Generated<string>;
  org_id: string;
  location_id: string;
  image_id: string;
  alt_text: string;
  position: Generated<number>;
  created_at: CreatedAt;
}

export interface SiteStoriesTable {
  id: Generated<string>;
  org_id: string;
  slug: string;
  title: string;
  display_name: string;
  body: string;
  consent_given_by: string;
  consent_given_at: Timestamp;
  consent_text: string;
  consent_recorded_by: string;
  consent_withdrawn_at: Timestamp | null;
  published_at: Timestamp | null;
  published_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SiteSearchDocumentsTable {
  org_id: string;
  path: string;
  title: string;
  description: string;
  body: string;
  document: ColumnType<string, never, never>;
  indexed_at: Timestamp;
}

export interface Database {
  site_images: SiteImagesTable;
  site_location_pages: SiteLocationPagesTable;
  site_location_photos: SiteLocationPhotosTable;
  site_stories: SiteStoriesTable;
  site_search_documents: SiteSearchDocumentsTable;
}

// ---- controlled-substance ledger (migration 0008)

export type CsBaseUnit = 'mg' | 'device';
export type CsForm = 'vial' | 'nasal-device';
export type LedgerKind =
  | 'receipt'
  | 'administration'
  | 'waste'
  | 'transfer-out'
  | 'transfer-in'
  | 'return'
  | 'destruction'
  | 'loss'
  | 'adjustment';
export type CountKind = 'shift' | 'end-of-day' | 'initial' | 'biennial';
export type CountStatus = 'balanced' | 'open' | 'investigating' | 'explained' | 'reported';
/** numeric columns arrive as strings ("12.5") and are written as strings. */
type LedgerNumeric = ColumnType<string, string, string>;

export interface CsProductsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  ndc: string;
  form: CsForm;
  base_unit: CsBaseUnit;
  mg_per_ml: LedgerNumeric | null;
  mg_per_device: LedgerNumeric | null;
  container_size: string;
  units_per_container: LedgerNumeric;
  created_at: Timestamp;
}

export interface CsLotsTable {
  id: Generated<string>;
  org_id: string;
  product_id: string;
  lot_number: string;
  expires_on: string;
  supplier_name: string;
  supplier_address: string;
  supplier_dea: string;
  invoice_number: string;
  invoice_date: string;
  created_at: Timestamp;
}

export interface CsCabinetsTable {
  id: Generated<string>;
  org_id: string;
  location_id: string;
  name: string;
  created_at: Timestamp;
}

export interface LedgerEntriesTable {
  org_id: string;
  seq: ColumnType<string, string | number, never>;
  prev_hash: string;
  hash: string;
  id: string;
  kind: LedgerKind;
  occurred_at: Timestamp;
  product_id: string;
  lot_id: string;
  cabinet_id: string;
  quantity: LedgerNumeric;
  balance_after: LedgerNumeric;
  actor_id: string;
  witness_ids: string[];
  patient_id: string | null;
  booking_id: string | null;
  session_id: string | null;
  count_id: string | null;
  related_entry_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
}

export interface LedgerBalancesTable {
  org_id: string;
  lot_id: string;
  cabinet_id: string;
  balance: LedgerNumeric;
  last_seq: ColumnType<string, string | number, string | number>;
}

export interface InventoryCountsTable {
  id: Generated<string>;
  org_id: string;
  cabinet_id: string;
  kind: CountKind;
  timing: 'opening' | 'closing' | null;
  counted_by: string;
  counted_at: Timestamp;
  ledger_seq: ColumnType<string, string | number, never>;
  discrepancies: number;
  status: CountStatus;
}

export interface InventoryCountLinesTable {
  count_id: string;
  org_id: string;
  lot_id: string;
  expected: LedgerNumeric;
  counted: LedgerNumeric;
  difference: LedgerNumeric;
  method: 'counted' | 'estimated';
}

export interface InventoryCountNotesTable {
  id: Generated<string>;
  org_id: string;
  count_id: string;
  action: 'investigate' | 'explain' | 'report';
  note: string;
  by_user: string;
  at: Timestamp;
}

export interface InventoryLossFieldsTable {
  org_id: string;
  key: string;
  label: string;
  required: boolean;
  position: number;
}

export interface OrgSettingsTable {
  waste_witness_required: Generated<boolean>;
  adjustment_witness_required: Generated<boolean>;
}

export interface Database {
  cs_products: CsProductsTable;
  cs_lots: CsLotsTable;
  cs_cabinets: CsCabinetsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_balances: LedgerBalancesTable;
  inventory_counts: InventoryCountsTable;
  inventory_count_lines: InventoryCountLinesTable;
  inventory_count_notes: InventoryCountNotesTable;
  inventory_loss_fields: InventoryLossFieldsTable;
}

// Leads (callback requests) and the public clinic directory: migration 0010.
export type LeadStatus = 'new' | 'contacted' | 'consult-booked' | 'not-a-fit' | 'closed';

export interface ServerSecretsTable {
  name: string;
  secret: Buffer;
  created_at: Generated<Timestamp>;
}

export interface LeadsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  phone: string;
  email: string | null;
  best_time: 'morning' | 'afternoon' | 'evening' | 'any';
  preferred_contact: 'phone' | 'text' | 'email';
  message: string | null;
  consent_text: string;
  consented_at: Timestamp;
  self_check: ColumnType<unknown, string | null, never>;
  self_check_total: number | null;
  self_check_severity: string | null;
  urgent: Generated<boolean>;
  urgent_reason: string | null;
  status: Generated<LeadStatus>;
  patient_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LeadEventsTable {
  id: Generated<string>;
  position: ColumnType<string, never, never>;
  org_id: string;
  lead_id: string;
  at: Timestamp;
  user_id: string | null;
  kind: 'created' | 'status' | 'note' | 'converted';
  from_status: LeadStatus | null;
  to_status: LeadStatus | null;
  note: string | null;
  patient_id: string | null;
}

export interface LeadSpamCountsTable {
  org_id: string;
  day: string;
  reason: 'honeypot' | 'too-fast';
  count: Generated<number>;
}

export interface DirectoryClinicsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  phone: string | null;
  website: string | null;
  services: string[];
  accreditations: string[];
  latitude: number;
  longitude: number;
  imported_by: string | null;
  imported_at: Timestamp;
}

export interface Database {
  server_secrets: ServerSecretsTable;
  leads: LeadsTable;
  lead_events: LeadEventsTable;
  lead_spam_counts: LeadSpamCountsTable;
  directory_clinics: DirectoryClinicsTable;
}

// ---- treatment-day sessions (migration 0012)

export interface OrgSettingsTable {
  session_policies: ColumnType<unknown, string | null, string | null> | null;
}

export type TreatmentSessionStatus = 'checked-in' | 'dosing' | 'monitoring' | 'discharged' | 'ended';

/** How a session ended without a discharge (migration 0017). */
export type SessionEndKind = 'not-dosed' | 'transferred' | 'left-against-advice';
export type SessionNotDosedReason = 'gate-decision' | 'pregnancy-hold' | 'declined' | 'other';

export interface TreatmentSessionsTable {
  id: Generated<string>;
  org_id: string;
  booking_id: string;
  patient_id: string;
  location_id: string;
  chair_id: string;
  route: 'iv-ketamine' | 'esketamine';
  protocol_id: string;
  protocol_version: number;
  phase_id: string;
  planned_session_id: string | null;
  status: TreatmentSessionStatus;
  policies: ColumnType<unknown, string, string>;
  identity_confirmed: boolean;
  checklist: ColumnType<unknown, string, string>;
  checked_in_at: Timestamp;
  checked_in_by: string;
  dose_started_at: Timestamp | null;
  infusion_ended_at: Timestamp | null;
  discharge_confirmed: Generated<string[]>;
  discharge_instructions: ColumnType<unknown, string | null, string | null> | null;
  discharge_readiness: ColumnType<unknown, string | null, string | null> | null;
  discharged_at: Timestamp | null;
  discharged_by: string | null;
  discharge_score: ColumnType<unknown, string | null, string | null> | null;
  after_session_measures: ColumnType<unknown, string | null, string | null> | null;
  note: string | null;
  signed_by: string | null;
  signer_name: string | null;
  signature_meaning: string | null;
  signed_at: Timestamp | null;
  cosign_required: Generated<boolean>;
  cosigned_by: string | null;
  cosigner_name: string | null;
  cosignature_meaning: string | null;
  cosigned_at: Timestamp | null;
  end_kind: SessionEndKind | null;
  end_reason: SessionNotDosedReason | null;
  end_note: string | null;
  transfer_destination: string | null;
  transferred_by: string | null;
  advice_given: string | null;
  ended_at: Timestamp | null;
  ended_by: string | null;
  ender_name: string | null;
  end_recorded_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface SessionEntriesTable {
  id: string;
  org_id: string;
  session_id: string;
  kind: 'check' | 'adverse-event';
  pre_dose: boolean;
  data: ColumnType<unknown, string, never>;
  client_at: Timestamp;
  received_at: Timestamp;
  late: boolean;
  recorded_by: string;
}

export interface SessionAlertsTable {
  id: Generated<string>;
  org_id: string;
  session_id: string;
  entry_id: string;
  threshold_id: string;
  text: string;
  value: ColumnType<string, number, number>;
  raised_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  acknowledgement_note: string | null;
}

export interface SessionGateDecisionsTable {
  id: Generated<string>;
  org_id: string;
  session_id: string;
  entry_id: string;
  blocked_reason: string;
  decision: 'proceed' | 'do-not-dose';
  reason: string;
  decided_by: string;
  decider_name: string;
  decided_at: Timestamp;
}

export interface SessionAdministrationsTable {
  id: Generated<string>;
  org_id: string;
  session_id: string;
  drug: string;
  route: 'iv-ketamine' | 'esketamine';
  dose_mg: ColumnType<string, number, number>;
  dose_source: 'planned-session' | 'dose-decision' | 'entered' | 'prescriber-order';
  calculation: ColumnType<unknown, string | null, string | null> | null;
  lot_number: string;
  lot_expiry: string;
  ledger_entry_id: string | null;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  pump_rate_ml_per_h: ColumnType<string, number, number> | null;
  device_times: ColumnType<Date[], Date[] | string[], Date[] | string[]> | null;
  nurse_id: string;
  witness_id: string;
  recorded_at: Timestamp;
}

/** A prescriber's order on the chart for a dose no plan backs (migration 0018). */
export interface SessionDoseOrdersTable {
  id: Generated<string>;
  org_id: string;
  session_id: string;
  dose_mg: ColumnType<string, number, never>;
  planned_dose_mg: ColumnType<string, number, never> | null;
  reason: string;
  weight_kg: ColumnType<string, number, never> | null;
  max_dose_mg: ColumnType<string, number, never>;
  above_max_reason: string | null;
  prescriber_id: string;
  prescriber_name: string;
  signature_meaning: string;
  ordered_at: Timestamp;
}

export type AdministrationChange = 'paused' | 'resumed' | 'slowed' | 'stopped-early' | 'ended';

export interface SessionAdministrationChangesTable {
  id: string;
  org_id: string;
  session_id: string;
  change: AdministrationChange;
  at: Timestamp;
  reason: string | null;
  pump_rate_ml_per_h: ColumnType<string, number, number> | null;
  received_at: Timestamp;
  recorded_by: string;
}

export interface SessionAddendaTable {
  id: Generated<string>;
  org_id: string;
  session_id: string;
  text: string;
  signed_by: string;
  signer_name: string;
  signature_meaning: string;
  signed_at: Timestamp;
}

export interface DischargeInstructionLinksTable {
  id: Generated<string>;
  org_id: string;
  session_id: string;
  patient_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  opened_at: Timestamp | null;
}

export interface Database {
  discharge_instruction_links: DischargeInstructionLinksTable;
  treatment_sessions: TreatmentSessionsTable;
  session_entries: SessionEntriesTable;
  session_alerts: SessionAlertsTable;
  session_gate_decisions: SessionGateDecisionsTable;
  session_administrations: SessionAdministrationsTable;
  session_dose_orders: SessionDoseOrdersTable;
  session_administration_changes: SessionAdministrationChangesTable;
  session_addenda: SessionAddendaTable;
}

// SPRAVATO REMS monitoring forms and serious adverse events (migration 0015).

export interface RemsFormAnswersTable {
  org_id: string;
  session_id: string;
  patient_id: string;
  answers: ColumnType<unknown, string, string>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface RemsFormSubmissionsTable {
  org_id: string;
  session_id: string;
  patient_id: string;
  submitted_at: Timestamp;
  submitted_by: string;
  submitted_by_name: string;
  confirmation_number: string | null;
  form: ColumnType<unknown, string, never>;
  recorded_at: Timestamp;
}

export interface RemsClinicFieldsTable {
  org_id: string;
  form: 'rems-adverse-effects' | 'medwatch-3500';
  key: string;
  label: string;
  required: boolean;
  position: number;
}

export interface SeriousAdverseEventsTable {
  id: Generated<string>;
  org_id: string;
  session_id: string;
  patient_id: string;
  event_date: string;
  outcomes: string[];
  report: ColumnType<unknown, string, never>;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Timestamp;
}

export interface Database {
  rems_form_answers: RemsFormAnswersTable;
  rems_form_submissions: RemsFormSubmissionsTable;
  rems_clinic_fields: RemsClinicFieldsTable;
  serious_adverse_events: SeriousAdverseEventsTable;
}
