// The one place the browser talks to /api/v1: CSRF header, JSON bodies, problem+json errors,
// and the session rules (locked → unlock and retry, signed out → sign-in page).

export const ROLES = ['admin', 'prescriber', 'nurse', 'front_desk', 'therapist', 'patient'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  front_desk: 'Front desk',
  therapist: 'Therapist',
  patient: 'Patient',
};

export type Me = {
  id: string;
  email: string;
  name: string;
  orgId: string;
  roles: Role[];
  /** The effective permissions of those roles, as the server decides them. */
  permissions: string[];
  mfaEnrolled: boolean;
  /** A restricted session: only authenticator set-up and sign-out work until it is done. */
  mfaEnrollmentRequired: boolean;
};

export type SessionInfo = {
  idleTimeoutSeconds: number;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  restricted: boolean;
  /** The session endpoint answers a locked session with 200 and locked: true rather than 401. */
  locked?: boolean;
};

export type MfaSetup = { secret: string; otpauthUri: string; qrCodeDataUrl: string };

export type Invitation = { email: string; name: string; passwordMinLength: number };

export type User = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  active: boolean;
  mfaEnrolled: boolean;
  createdAt: string;
  lastSignInAt: string | null;
};

export type Location = {
  id: string;
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  state: string;
  postalCode: string;
  phone: string | null;
  timeZone: string;
  /** The location's DEA registration number, printed on every controlled-substance report. */
  deaRegistration: string | null;
};
export type LocationInput = Omit<Location, 'id'>;

export const AUDIT_ACTIONS = [
  'create',
  'read',
  'update',
  'delete',
  'sign-in',
  'sign-out',
  'failed-sign-in',
  'export',
  'print',
  'permission-change',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEntry = {
  id: string;
  seq: string | null;
  at: string;
  userId: string | null;
  userEmail: string | null;
  roles: Role[];
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: string;
};

export type AuditFilters = {
  userId?: string;
  patientId?: string;
  action?: string;
  from?: string;
  to?: string;
  sort?: '-at' | 'at';
};

export const PATIENT_STATUSES = ['lead', 'intake', 'active', 'paused', 'discharged'] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];
export const PATIENT_STATUS_LABELS: Record<PatientStatus, string> = {
  lead: 'Lead',
  intake: 'Intake',
  active: 'Active',
  paused: 'Paused',
  discharged: 'Discharged',
};

export const SEXES_AT_BIRTH = ['female', 'male', 'intersex', 'unknown'] as const;
export type SexAtBirth = (typeof SEXES_AT_BIRTH)[number];
export const SEX_AT_BIRTH_LABELS: Record<SexAtBirth, string> = {
  female: 'Female',
  male: 'Male',
  intersex: 'Intersex',
  unknown: 'Unknown',
};

export type PatientSummary = {
  id: string;
  mrn: string;
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  phone: string | null;
  status: PatientStatus;
};

/** Every editable field; optional text is null when blank. */
export type PatientFields = {
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  sexAtBirth: SexAtBirth;
  genderIdentity: string | null;
  pronouns: string | null;
  phone: string | null;
  email: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  emergencyContactRelationship: string | null;
  driverName: string | null;
  driverPhone: string | null;
  referringClinician: string | null;
  primaryClinicianId: string | null;
  status: PatientStatus;
};

export type CareTeamMember = { id: string; name: string; roles: Role[] };

/** An active staff member of the clinic, as offered for the care team and primary clinician. */
export type StaffMember = { id: string; name: string; roles: Role[] };

/** Open suicide-risk alerts of the clinic, counted without reading any patient's record. */
export type AlertSummary = { open: number; openHigh: number };

/** A record a registration may duplicate (named in a 409's problem body). */
export type DuplicatePatient = { id: string; mrn: string };

export type Patient = PatientFields & {
  id: string;
  mrn: string;
  version: number;
  careTeam: CareTeamMember[];
  createdAt: string;
  updatedAt: string;
};

export type ItemPresence =
  | { kind: 'required' }
  | { kind: 'optional' }
  | { kind: 'when'; item: string; equals: number }
  | { kind: 'one-of'; group: string[] };

export type InstrumentItem = {
  id: string;
  number: string;
  ref: string;
  name: string;
  text?: string;
  options: { value: number; label?: string }[];
  scored: boolean;
  presence: ItemPresence;
};

export type InstrumentDefinition = {
  id: string;
  name: string;
  shortName: string;
  rater: 'patient' | 'clinician';
  timeFrame: string;
  stem?: string;
  items: InstrumentItem[];
  total: { min: number; max: number } | null;
  enabled: boolean;
  requiresTextPack: boolean;
  textPack?: { version: string; licence: string };
  licence: { note: string; copyright?: string; shipsText: boolean; disabledBecause?: string };
};

export type ResponseSource = 'clinician-rated' | 'staff-for-patient';

export type CrisisResources = { lines: { label: string; phone: string; text?: string; note: string }[] };

export type StoredResponse = {
  id: string;
  instrument: string;
  answers: Record<string, number | null>;
  total: number | null;
  severity: string;
  suicideRisk: boolean;
  riskReasons: string[];
  source: string;
  completedAt: string;
};

export type SubmitResult = {
  response: StoredResponse;
  created: boolean;
  alertId: string | null;
  crisis: CrisisResources | null;
};

export type MeasureLink = { id: string; url: string; expiresAt: string };

export type TrajectoryPoint = {
  responseId: string;
  completedAt: string;
  total: number | null;
  severity: string;
  suicideRisk: boolean;
  source: string;
  itemScores: Record<string, number | null>;
  percentChange: number | null;
  response: boolean;
  remission: boolean;
};

export type TrajectorySeries = {
  instrument: string;
  name: string;
  maxTotal: number | null;
  items: { id: string; name: string }[];
  points: TrajectoryPoint[];
  baseline: { responseId: string; completedAt: string; total: number } | null;
  responseLine: number | null;
  remissionLine: {
    value: number;
    operator: '<' | '<=';
    rule: string;
    evidence: string[];
    clinicPolicy: boolean;
  } | null;
  status: string | null;
};

export type Trajectory = {
  treatmentDates: { date: string; description: string }[];
  series: TrajectorySeries[];
};

export const ALERT_ACTIONS = [
  'called-patient',
  'safety-plan-reviewed',
  'referred-emergency',
  'other',
] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];
export const ALERT_ACTION_LABELS: Record<AlertAction, string> = {
  'called-patient': 'Called the patient',
  'safety-plan-reviewed': 'Reviewed the safety plan with the patient',
  'referred-emergency': 'Referred to emergency services',
  other: 'Other (describe in the note)',
};

export type RiskAlert = {
  id: string;
  patientId: string;
  patientMrn: string;
  patientName: string;
  level: 'high' | 'standard';
  reasons: string[];
  instrument: string;
  createdAt: string;
  pageDueAt: string;
  pagedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  action: AlertAction | null;
  note: string | null;
};

export type PagingStatus = { ready: boolean; reason: string | null };

export type ClinicSettingsInput = {
  clinicPhone: string | null;
  onCallName: string | null;
  onCallEmail: string | null;
  onCallWebhookUrl: string | null;
  pageUnacknowledgedAfterMinutes: number;
  measureLinkHours: number;
  madrsRemissionMax: 10 | 12;
  madrsSuicideItemAtLeast: number;
  /** Controlled-substance ledger witnesses (clinic policies, on by default). */
  wasteWitnessRequired: boolean;
  adjustmentWitnessRequired: boolean;
};
export type ClinicSettings = ClinicSettingsInput & { testPageSucceededAt: string | null };

export type TestPageResult = {
  results: { channel: string; recipient: string; ok: boolean; error: string | null }[];
  status: PagingStatus;
};

export type OutboxItem = {
  id: string;
  kind: string;
  channel: string;
  recipient: string;
  subject: string;
  createdAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
};

export type TextPackResult = {
  instrument: string;
  enabled: boolean;
  textPack?: { version: string; licence: string };
};

export type FieldError = { field: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** A duplicate-patient 409 names the existing records. */
  readonly duplicates: DuplicatePatient[] | undefined;

  constructor(init: {
    status: number;
    type: string;
    title?: string;
    detail?: string;
    errors?: FieldError[];
    retryAfterSeconds?: number;
    duplicates?: DuplicatePatient[];
  }) {
    const detail = init.detail || init.title || describeStatus(init.status);
    super(detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.type = init.type;
    this.detail = detail;
    this.errors = init.errors;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.duplicates = init.duplicates;
  }

  /** Problem types are relative URIs such as `/problems/session-locked`. */
  is(problem: string): boolean {
    return this.type.endsWith(`/problems/${problem}`);
  }

  /** Field errors keyed by their path below the body (`body.answers.q9` → `answers.q9`). */
  fieldPathErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors ?? []) {
      const key = fieldPath(e.field);
      if (key && !(key in out)) out[key] = e.message;
    }
    return out;
  }

  /** Field errors keyed by the form field they belong to (`body.roles.0` → `roles`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors ?? []) {
      const key = fieldKey(e.field);
      if (key && !(key in out)) out[key] = e.message;
    }
    return out;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

function fieldParts(field: string): string[] {
  const parts = field
    .replace(/^\//, '')
    .split(/[./]/)
    .filter((p) => p !== '');
  if (['body', 'query', 'querystring', 'params'].includes(parts[0] ?? '')) parts.shift();
  return parts;
}

function fieldKey(field: string): string {
  return fieldParts(field)[0] ?? '';
}

function fieldPath(field: string): string {
  return fieldParts(field).join('.');
}

function describeStatus(status: number): string {
  if (status === 0) return 'Cannot reach the server. Check your connection and try again.';
  if (status === 404) return 'Not found.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status >= 500) return 'The server ran into a problem. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

/** Minutes to wait, rounded up, from a 429's Retry-After (seconds or an HTTP date). */
export function tooManyAttemptsMessage(error: ApiError): string {
  const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
  return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

// The session layer (SessionGuard, App) plugs in here; the client stays free of React.
type SessionHooks = {
  /** Resolves once the user has unlocked; rejects if they gave up (signed out). */
  onLocked: () => Promise<void>;
  onUnauthenticated: () => void;
  onEnrollmentRequired: () => void;
  /**
   * Every answered authenticated call is activity; serverSkewMs = server clock minus ours.
   * renewed: the call certainly restarted the idle time-out (unlock, a new session after MFA set-up).
   */
  onActivity: (serverSkewMs: number, renewed: boolean) => void;
};

const hooks: SessionHooks = {
  onLocked: () => Promise.reject(new ApiError({ status: 401, type: '/problems/session-locked' })),
  onUnauthenticated: () => {},
  onEnrollmentRequired: () => {},
  onActivity: () => {},
};

/** Brings up the lock screen without a failed call (the session endpoint reports locked: true). */
export function waitForUnlock(): Promise<void> {
  return hooks.onLocked();
}

export function setSessionHooks(next: Partial<SessionHooks>): () => void {
  const previous = { ...hooks };
  Object.assign(hooks, next);
  return () => {
    for (const key of Object.keys(next) as (keyof SessionHooks)[]) {
      (hooks as Record<keyof SessionHooks, unknown>)[key] = previous[key];
    }
  };
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/**
 * How a call treats session problems. 'session': locked → unlock and retry, signed out → sign-in
 * page with a notice. 'probe' (the first /me): locked → unlock and retry, other 401s are simply
 * thrown. 'none': a 401 is the answer itself (sign-in, unlock, invitations).
 */
export type SessionRules = 'session' | 'probe' | 'none';
export type RequestOptions = {
  body?: unknown;
  rules?: SessionRules;
  renewsSession?: boolean;
  /** The server does not count the call as activity (a badge poll), so neither does the idle timer. */
  passive?: boolean;
};

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function parseDuplicates(value: unknown): DuplicatePatient[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (d): d is DuplicatePatient =>
      typeof d === 'object' && d !== null && typeof d.id === 'string' && typeof d.mrn === 'string',
  );
}

async function toApiError(res: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.includes('json')) {
    try {
      const p = (await res.json()) as {
        type?: string;
        title?: string;
        detail?: string;
        errors?: FieldError[];
        duplicates?: unknown;
      };
      return new ApiError({
        status: res.status,
        type: p.type ?? 'about:blank',
        title: p.title,
        detail: p.detail,
        errors: Array.isArray(p.errors) ? p.errors : undefined,
        retryAfterSeconds,
        duplicates: parseDuplicates(p.duplicates),
      });
    } catch {
      // A body that is not JSON after all: fall through to the status text.
    }
  }
  return new ApiError({ status: res.status, type: 'about:blank', retryAfterSeconds });
}

async function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie('kf_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  try {
    return await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0, type: 'about:blank' });
  }
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const rules = options.rules ?? 'session';
  for (;;) {
    const started = Date.now();
    const res = await send(method, path, options.body);
    const renewed = options.renewsSession === true && res.ok;
    if ((rules !== 'none' && res.status !== 401 && !options.passive) || renewed) {
      const serverDate = Date.parse(res.headers.get('date') ?? '');
      const skew = Number.isNaN(serverDate) ? 0 : serverDate - (started + Date.now()) / 2;
      hooks.onActivity(Math.abs(skew) < 2000 ? 0 : skew, renewed);
    }
    if (res.ok) {
      if (res.status === 204 || res.headers.get('content-length') === '0') return undefined as T;
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }
    const error = await toApiError(res);
    if (rules !== 'none') {
      if (error.status === 401 && error.is('session-locked')) {
        await hooks.onLocked();
        continue;
      }
      if (error.status === 401 && rules === 'session') hooks.onUnauthenticated();
      if (error.status === 403 && error.is('mfa-enrollment-required')) hooks.onEnrollmentRequired();
    }
    throw error;
  }
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  login: (body: { email: string; password: string; totp?: string }) =>
    request<Me>('POST', '/auth/login', { body, rules: 'none' }),
  logout: () => request<void>('POST', '/auth/logout', { rules: 'none' }),
  getMe: (rules: SessionRules = 'session') => request<Me>('GET', '/me', { rules }),
  getSession: () => request<SessionInfo>('GET', '/auth/session'),
  extendSession: () => request<SessionInfo>('POST', '/auth/session/extend'),
  unlock: (password: string) =>
    request<SessionInfo>('POST', '/auth/unlock', { body: { password }, rules: 'none', renewsSession: true }),
  mfaSetup: () => request<MfaSetup>('POST', '/auth/mfa/setup'),
  mfaConfirm: (code: string) =>
    request<{ recoveryCodes: string[] }>('POST', '/auth/mfa/confirm', {
      body: { code },
      renewsSession: true,
    }),

  getInvitation: (token: string) =>
    request<Invitation>('GET', `/invitations/${encodeURIComponent(token)}`, { rules: 'none' }),
  acceptInvitation: (token: string, password: string) =>
    request<void>('POST', `/invitations/${encodeURIComponent(token)}/accept`, {
      body: { password },
      rules: 'none',
    }),

  listUsers: () => request<{ items: User[] }>('GET', '/users'),
  inviteUser: (body: { email: string; name: string; roles: Role[] }) =>
    request<{ user: User; inviteUrl: string }>('POST', '/users', { body }),
  setUserRoles: (id: string, roles: Role[]) =>
    request<User>('PUT', `/users/${encodeURIComponent(id)}/roles`, { body: { roles } }),
  deactivateUser: (id: string) => request<User>('POST', `/users/${encodeURIComponent(id)}/deactivate`),
  reactivateUser: (id: string) => request<User>('POST', `/users/${encodeURIComponent(id)}/reactivate`),

  listLocations: () => request<{ items: Location[] }>('GET', '/locations'),
  createLocation: (body: LocationInput) => request<Location>('POST', '/locations', { body }),
  updateLocation: (id: string, body: LocationInput) =>
    request<Location>('PUT', `/locations/${encodeURIComponent(id)}`, { body }),

  listAudit: (filters: AuditFilters, page: { limit: number; offset: number }) =>
    request<{ items: AuditEntry[]; total: number }>('GET', `/audit${query({ ...filters, ...page })}`),

  searchPatients: (params: { q?: string; status?: string; limit: number; offset: number }) =>
    request<{ items: PatientSummary[]; hasMore: boolean }>('GET', `/patients${query(params)}`),
  registerPatient: (body: PatientFields & { mrn?: string; confirmDuplicate?: boolean }) =>
    request<Patient>('POST', '/patients', { body }),
  getPatient: (id: string) => request<Patient>('GET', `/patients/${encodeURIComponent(id)}`),
  updatePatient: (id: string, body: PatientFields & { mrn: string; version: number }) =>
    request<Patient>('PUT', `/patients/${encodeURIComponent(id)}`, { body }),
  listStaff: () => request<{ items: StaffMember[] }>('GET', '/staff'),
  setCareTeam: (id: string, userIds: string[]) =>
    request<Patient>('PUT', `/patients/${encodeURIComponent(id)}/care-team`, { body: { userIds } }),

  listInstruments: () => request<{ items: InstrumentDefinition[] }>('GET', '/instruments'),
  submitResponse: (
    patientId: string,
    body: {
      instrument: string;
      answers: Record<string, number | null>;
      source: ResponseSource;
      idempotencyKey: string;
    },
  ) => request<SubmitResult>('POST', `/patients/${encodeURIComponent(patientId)}/responses`, { body }),
  createMeasureLink: (patientId: string, body: { instruments: string[]; kiosk: boolean }) =>
    request<MeasureLink>('POST', `/patients/${encodeURIComponent(patientId)}/measure-links`, { body }),
  getTrajectory: (patientId: string) =>
    request<Trajectory>('GET', `/patients/${encodeURIComponent(patientId)}/trajectory`),
  addTreatmentEvent: (patientId: string, body: { occurredOn: string; description: string }) =>
    request<{ id: string }>('POST', `/patients/${encodeURIComponent(patientId)}/treatment-events`, { body }),

  listAlerts: (filter: { status: 'open' | 'acknowledged' | 'all'; patientId?: string }) =>
    request<{ items: RiskAlert[] }>('GET', `/alerts${query(filter)}`),
  getAlertSummary: () => request<AlertSummary>('GET', '/alerts/summary', { passive: true }),
  acknowledgeAlert: (id: string, body: { action: AlertAction; note: string | null }) =>
    request<RiskAlert>('POST', `/alerts/${encodeURIComponent(id)}/acknowledge`, { body }),
  getPagingStatus: () => request<PagingStatus>('GET', '/paging-status'),

  getClinicSettings: () => request<ClinicSettings>('GET', '/settings/clinic'),
  updateClinicSettings: (body: ClinicSettingsInput) =>
    request<ClinicSettings>('PUT', '/settings/clinic', { body }),
  sendTestPage: () => request<TestPageResult>('POST', '/settings/clinic/test-page'),
  listOutbox: (page: { limit: number; offset: number }) =>
    request<{ items: OutboxItem[]; smtpConfigured: boolean }>('GET', `/outbox${query(page)}`),
  loadTextPack: (instrument: string, body: unknown) =>
    request<TextPackResult>('PUT', `/text-packs/${encodeURIComponent(instrument)}`, { body }),
};

/** A plain link target: the browser downloads the file with the session cookie. */
export function auditExportUrl(filters: AuditFilters): string {
  return `/api/v1/audit/export.csv${query({ ...filters })}`;
}
