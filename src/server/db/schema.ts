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
  kind: 'risk-page' | 'test-page' | 'measure-reminder';
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

export type Cadence = 'once' | 'weekly' | 'monthly';

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
}
