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
  kind: 'risk-page' | 'test-page' | 'measure-reminder' | 'booking-reminder';
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
