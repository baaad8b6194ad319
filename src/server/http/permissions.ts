import type { Role } from '../db/schema.ts';

/**
 * The role -> permission table: the one place that says who may do what. Every route names one
 * permission (or is public); docs/security.md prints this table and a test checks every route
 * against it for every role.
 */
export const PERMISSIONS = {
  'self:read': 'See your own account and session',
  'users:read': 'List staff and patient accounts',
  'users:manage': 'Invite users, change roles, deactivate and reactivate accounts',
  'locations:read': 'See the clinic locations',
  'locations:manage': 'Create and edit clinic locations',
  'audit:read': 'Search the audit trail',
  'audit:export': 'Export the audit trail as CSV',
  'patients:read': 'Find patients and open their records',
  'patients:write': 'Register patients and edit their demographics, contacts and care team',
  'measures:read': 'See questionnaire answers, scores and trajectories',
  'measures:record':
    'Enter questionnaire answers (clinician-rated or on the patient’s behalf) and treatment dates',
  'measures:send': 'Send a patient a questionnaire link or open kiosk mode',
  'alerts:read': 'See the suicide-risk alert worklist',
  'alerts:acknowledge': 'Acknowledge a suicide-risk alert with the action taken',
  'settings:manage':
    'Set paging channels, clinic measurement policies and instrument text packs; read the outbox',
  'intake:send': 'Send a patient a link to fill in their intake history',
  'intake:read': 'See intake histories, their versions and signed consent forms',
  'intake:write': 'Edit, verify (sign) and correct intakes; sign consent forms',
  'eligibility:read': 'See eligibility evaluations and signed decisions',
  'eligibility:decide': 'Sign eligibility decisions (overriding an exclusion with a written reason)',
  'protocols:read': 'See treatment protocols and the eligibility rule set, with every version',
  'protocols:manage': 'Copy and edit treatment protocols; revise the eligibility rule set',
  'plans:read': 'See treatment plans, planned sessions and next-dose suggestions',
  'plans:sign': 'Sign treatment plans and dose decisions',
  'schedule:read': 'See the day and week calendars of a location and a patient’s bookings',
  'schedule:book': 'Book sessions in a chair or room; cancel them and record no-shows and completed sessions',
  'schedule:manage': 'Add and edit chairs and rooms and set staff hours',
  'rems:record': 'Record a patient’s SPRAVATO REMS enrolment',
  'inventory:read': 'See controlled-substance stock, the ledger, counts and the inspection reports',
  'inventory:record':
    'Record receipts, administrations, witnessed waste, transfers between cabinets and counts; witness them',
  'inventory:manage':
    'Add products and cabinets; record returns, destruction, theft or loss and count adjustments',
  'leads:read': 'See the callback requests (the lead queue)',
  'leads:manage': 'Work callback requests: change their status, add notes, convert one to a patient',
  'sessions:read': 'See treatment-day session charts and the live clinic board',
  'sessions:chart':
    'Check patients in, record vitals, administrations, monitoring, adverse events and discharge; sign session notes',
  'sessions:decide':
    'Decide on dosing when a pre-dose gate blocks it, and co-sign session notes (prescribers)',
  'rems:forms':
    'See SPRAVATO REMS Patient Monitoring Forms and the forms due, answer them and mark them submitted',
  'safety:report': 'Record serious adverse events (MedWatch 3500 fields) of a session; see and export them',
  'site:manage': 'Import the public clinic directory; publish location pages and consented patient stories',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ROLES: Role[] = ['admin', 'prescriber', 'nurse', 'front_desk', 'therapist', 'patient'];

const STAFF_BASE: Permission[] = ['self:read', 'locations:read'];
const CARE_TEAM: Permission[] = [
  ...STAFF_BASE,
  'patients:read',
  'patients:write',
  'measures:send',
  'alerts:read',
];
const CLINICIAN: Permission[] = [...CARE_TEAM, 'measures:read', 'measures:record', 'alerts:acknowledge'];

// Intake, eligibility, protocols and plans: nurses take and verify intakes; only prescribers sign
// eligibility decisions, plans and doses; admins edit protocols and rule sets; front desk sends links.
const INTAKE_TEAM: Permission[] = [
  'intake:send',
  'intake:read',
  'intake:write',
  'eligibility:read',
  'protocols:read',
  'plans:read',
];
const PRESCRIBING: Permission[] = [...INTAKE_TEAM, 'eligibility:decide', 'plans:sign'];
const THERAPY: Permission[] = ['intake:read', 'eligibility:read', 'protocols:read', 'plans:read'];

// Scheduling: front desk, nurses and prescribers book; the clinicians who give esketamine record REMS
// enrolment; therapists see the calendars; admins set up chairs and staff hours.
const BOOKING: Permission[] = ['schedule:read', 'schedule:book'];

// Controlled substances: nurses and prescribers handle and witness stock; the registrant's side
// (destruction, returns, theft or loss, adjustments, new products) is for prescribers and admins.
const STOCK: Permission[] = ['inventory:read', 'inventory:record'];

// Treatment days: nurses and prescribers chart; only prescribers decide past a gate or co-sign.
const CHARTING: Permission[] = ['sessions:read', 'sessions:chart'];

// REMS forms and serious adverse events hold the session's clinical facts: the clinicians who give
// and monitor esketamine complete and report them; admins only edit the clinic's field lists.
const SAFETY_REPORTING: Permission[] = ['rems:forms', 'safety:report'];

// Callback requests come in from the public site: front desk works them, clinicians can see them.
const LEADS: Permission[] = ['leads:read', 'leads:manage'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Admins run the clinic: they can look a patient up (audit investigations) but not edit records
  // or read questionnaire answers.
  admin: [
    ...STAFF_BASE,
    'users:read',
    'users:manage',
    'locations:manage',
    'audit:read',
    'audit:export',
    'patients:read',
    'alerts:read',
    'settings:manage',
    'protocols:read',
    'protocols:manage',
    'schedule:manage',
    'inventory:read',
    'inventory:manage',
    ...LEADS,
    'site:manage',
  ],
  prescriber: [
    ...CLINICIAN,
    ...PRESCRIBING,
    ...BOOKING,
    'rems:record',
    ...STOCK,
    'inventory:manage',
    'leads:read',
    ...CHARTING,
    'sessions:decide',
    ...SAFETY_REPORTING,
  ],
  nurse: [
    ...CLINICIAN,
    ...INTAKE_TEAM,
    ...BOOKING,
    'rems:record',
    ...STOCK,
    'leads:read',
    ...CHARTING,
    ...SAFETY_REPORTING,
  ],
  // Front desk registers patients and sends questionnaire links, but does not read the answers.
  front_desk: [...CARE_TEAM, 'intake:send', ...BOOKING, ...LEADS],
  therapist: [...CLINICIAN, ...THERAPY, 'schedule:read', 'sessions:read'],
  patient: ['self:read'],
};

/** Roles that must use a second factor (admin and prescriber): their first sign-in can only enrol. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'prescriber'];

export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(roles, permission));
}

export function requiresMfa(roles: readonly Role[]): boolean {
  return roles.some((role) => MFA_REQUIRED_ROLES.includes(role));
}
