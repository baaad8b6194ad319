// Typed client for the treatment-day session chart (/api/v1/sessions, docs/session-charting.md).
import { request } from '../api.ts';
import type { WitnessInput } from './inventory.ts';
import type { Signature } from './plans.ts';

export type SessionRoute = 'iv-ketamine' | 'esketamine';
export type SessionPhase =
  | 'checked-in'
  | 'dosing'
  | 'monitoring'
  | 'ready-for-discharge'
  | 'discharged'
  | 'ended';

export const PHASE_LABELS: Record<SessionPhase, string> = {
  'checked-in': 'Checked in',
  dosing: 'Dosing',
  monitoring: 'Monitoring',
  'ready-for-discharge': 'Ready for discharge',
  discharged: 'Discharged',
  ended: 'Ended without discharge',
};

export type Mood = { kind: 'rating'; value: number } | { kind: 'phq9'; responseId: string };

export type CheckInInput = {
  identityConfirmed: true;
  fasting?: { lastFoodAt: string; lastLiquidsAt: string } | null;
  rideHome: { confirmed: true; driverName: string };
  pregnancyTest?: 'negative' | 'positive' | 'not-applicable' | null;
  medicationsToday: string;
  mood: Mood;
};

export type Vitals = {
  systolicMmHg?: number;
  diastolicMmHg?: number;
  heartRateBpm?: number;
  spo2Percent?: number;
  respiratoryRatePerMin?: number;
};

export const ADVERSE_EVENTS = [
  'nausea',
  'vomiting',
  'hypertension',
  'tachycardia',
  'low-spo2',
  'emergence-reaction',
  'anxiety',
  'headache',
  'other',
] as const;
export type AdverseEventKind = (typeof ADVERSE_EVENTS)[number];
export const ADVERSE_EVENT_LABELS: Record<AdverseEventKind, string> = {
  nausea: 'Nausea',
  vomiting: 'Vomiting',
  hypertension: 'High blood pressure',
  tachycardia: 'Fast heart rate',
  'low-spo2': 'Low oxygen saturation',
  'emergence-reaction': 'Emergence reaction',
  anxiety: 'Anxiety',
  headache: 'Headache',
  other: 'Other',
};
export type Severity = 'mild' | 'moderate' | 'severe';

export type Intervention =
  | { kind: 'medication'; medication: string; dose: string }
  | { kind: 'infusion-stopped' }
  | { kind: 'oxygen'; litresPerMin: number | null }
  | { kind: 'other'; text: string };

export type CheckEntryInput = {
  id: string;
  clientAt: string;
  kind: 'check';
  vitals?: Vitals;
  moaas?: number;
  dissociation?: number;
  note?: string | null;
};
export type AdverseEventInput = {
  id: string;
  clientAt: string;
  kind: 'adverse-event';
  event: AdverseEventKind;
  description?: string | null;
  severity: Severity;
  interventions: Intervention[];
};
export type EntryInput = CheckEntryInput | AdverseEventInput;

export type SessionAlert = {
  id: string;
  entryId: string;
  thresholdId: string;
  text: string;
  value: number;
  raisedAt: string;
  acknowledged: { at: string; byUserId: string; byName: string; note: string | null } | null;
};

export type SessionEntry = {
  id: string;
  kind: 'check' | 'adverse-event';
  preDose: boolean;
  clientAt: string;
  receivedAt: string;
  late: boolean;
  recordedBy?: string;
  data: Record<string, unknown>;
};

export type EntryResult = { entry: SessionEntry; alerts: SessionAlert[] };

export type GateStatus = 'blocked' | 'clear' | 'proceed-decided' | 'do-not-dose-decided';

export type DoseCalculation = { steps?: { label: string; value: string }[] } & Record<string, unknown>;

export type AdministrationChangeKind = 'paused' | 'resumed' | 'slowed' | 'stopped-early' | 'ended';

export type DoseOrder = {
  id: string;
  doseMg: number;
  plannedDoseMg: number | null;
  reason: string;
  weightKg: number | null;
  maxDoseMg: number;
  aboveMaxReason: string | null;
  prescriberId: string;
  prescriberName: string;
  signatureMeaning: string;
  at: string;
};

export type Administration = {
  drug: string;
  doseMg: number;
  doseSource: string;
  calculation: unknown;
  lotNumber: string;
  lotExpiry: string;
  lotId?: string | null;
  cabinetId?: string | null;
  ledgerEntryId: string | null;
  startedAt: string;
  endedAt: string | null;
  pumpRateMlPerH: number | null;
  deviceTimes: string[] | null;
  nurseId: string;
  witnessId: string;
  witnessName: string;
  /** The prescriber's order signed on the chart, for a dose no plan backs. */
  order?: DoseOrder | null;
  /** What the dose left in its open container, until its witnessed waste is recorded. */
  wasteDue?: WasteDue | null;
  waste?: SessionWaste | null;
  changes: {
    id: string;
    change: AdministrationChangeKind;
    at: string;
    reason: string | null;
    pumpRateMlPerH: number | null;
  }[];
};

export type WasteDue = {
  quantity: number;
  unit: 'mg' | 'device';
  lotId: string;
  lotNumber: string;
  cabinetId: string;
  administrationEntryId: string;
};

export type SessionWaste = {
  entryId: string;
  quantity: number;
  unit: 'mg' | 'device';
  reason: string;
  recordedBy: string;
  witnesses: string[];
  at: string;
};

export type AfterSessionMeasures = {
  status: 'scheduled' | 'not-sent' | 'not-scheduled' | 'none';
  instruments?: string[];
  dueAt?: string;
  reason?: string;
};

export type ProtocolItem = { id: string; text: string; note?: string };
export type DischargeGap = { id: string; text: string };

export type SourcedPolicy<T> = { value: T; note: string; evidence: string[]; clinicPolicy?: boolean };

export type SessionPolicies = {
  fasting: SourcedPolicy<{ foodHours: number; liquidsMinutes: number }>;
  pregnancyTestRequired: SourcedPolicy<boolean>;
  minutesBetweenDevices: SourcedPolicy<number>;
  lateAfterMinutes: SourcedPolicy<number>;
  cosignRequired: SourcedPolicy<boolean>;
  vitalsBeforeDischargeWithinMin: SourcedPolicy<number>;
} & Record<string, unknown>;

export type SessionChart = {
  id: string;
  bookingId: string;
  patient: { id: string; name: string; mrn: string };
  location: { id: string; name: string; timeZone: string };
  chair: { id: string; name: string };
  route: SessionRoute;
  protocol: { id: string; version: number; phaseId: string; phaseName: string };
  plannedSessionId: string | null;
  phase: SessionPhase;
  checkIn: { at: string; byUserId: string; checklist: CheckInInput; warnings: string[] };
  gate: {
    status: GateStatus;
    entryId: string | null;
    reason: string | null;
    decisions: {
      id: string;
      entryId: string;
      decision: string;
      reason: string;
      byName: string;
      at: string;
    }[];
  };
  administration: Administration | null;
  minutesSinceDose: number | null;
  nextVitalsDue: { dueAt: string | null; overdue: boolean; reason: string } | null;
  entries: SessionEntry[];
  alerts: SessionAlert[];
  discharge: {
    readiness: { ready: boolean; monitoringEndsAt: number | null; gaps: DischargeGap[] } | null;
    /** `checklist`, `modified-aldrete` or `padss` (clinic policy). */
    method: string;
    score: unknown;
    criteria: ProtocolItem[];
    confirmed: string[];
    dischargedAt: string | null;
    instructions: unknown;
    /** What was scheduled for after the session, or why nothing could be sent. */
    afterSessionMeasures: AfterSessionMeasures | null;
    instructionLinks?: { id: string; sentAt: string; expiresAt: string; openedAt: string | null }[];
  };
  /** Set when the session ended without a discharge. */
  ending: SessionEnding | null;
  note: string | null;
  signature: Signature | null;
  cosignRequired: boolean;
  cosignature: Signature | null;
  addenda: { id: string; text: string; signature: Signature | null }[];
  policies: SessionPolicies;
};

export type AdministrationInput = {
  doseMg?: number;
  lotId?: string;
  cabinetId?: string;
  lotNumber?: string;
  lotExpiry?: string;
  startedAt?: string;
  pumpRateMlPerH?: number;
  deviceTimes?: string[];
  /** The one witness, signing in here. */
  witnesses: WitnessInput[];
  /** A prescriber signing in here to order a dose no plan backs. */
  prescriberOrder?: DoseOrderInput;
};

export type DoseOrderInput = WitnessInput & {
  reason: string;
  weightKg?: number;
  aboveMaxReason?: string;
};

export type ChangeInput = {
  id: string;
  change: AdministrationChangeKind;
  at: string;
  reason?: string | null;
  pumpRateMlPerH?: number;
};

export type InstructionsGiven = 'printed' | 'link' | 'printed-and-link';

export type EndKind = 'not-dosed' | 'transferred' | 'left-against-advice';
export type NotDosedReason = 'gate-decision' | 'pregnancy-hold' | 'declined' | 'other';

/** How a session ended without a discharge. */
export type SessionEnding = {
  kind: EndKind;
  reason: NotDosedReason | null;
  note: string | null;
  destination: string | null;
  transferredBy: string | null;
  adviceGiven: string | null;
  /** When it happened (not dosed: when it was recorded). */
  at: string;
  recordedAt: string;
  byUserId: string;
  byName: string;
  afterDose: boolean;
};

export type EndSessionInput =
  | { kind: 'not-dosed'; reason: NotDosedReason; note?: string | null }
  | { kind: 'transferred'; at: string; destination: string; transferredBy: string; note?: string | null }
  | { kind: 'left-against-advice'; at: string; adviceGiven: string; note?: string | null };

const sessionPath = (id: string) => `/sessions/${encodeURIComponent(id)}`;

/** Check a patient in for today's booking: opens its session (again: the same one). */
export function checkIn(bookingId: string, body: CheckInInput): Promise<SessionChart> {
  return request<SessionChart>('POST', `/bookings/${encodeURIComponent(bookingId)}/session`, { body });
}

export const sessionsApi = {
  checkIn,
  getSession: (id: string) => request<SessionChart>('GET', sessionPath(id)),
  recordEntry: (id: string, body: EntryInput) =>
    request<EntryResult>('POST', `${sessionPath(id)}/entries`, { body }),
  acknowledgeAlert: (id: string, alertId: string, note: string | null) =>
    request<SessionAlert>('POST', `${sessionPath(id)}/alerts/${encodeURIComponent(alertId)}/acknowledge`, {
      body: { note },
    }),
  decideGate: (id: string, body: { decision: 'proceed' | 'do-not-dose'; reason: string }) =>
    request<SessionChart>('POST', `${sessionPath(id)}/gate-decision`, { body }),
  recordAdministration: (id: string, body: AdministrationInput) =>
    request<SessionChart>('POST', `${sessionPath(id)}/administration`, { body }),
  recordChange: (id: string, body: ChangeInput) =>
    request<SessionChart>('POST', `${sessionPath(id)}/administration/changes`, { body }),
  saveDischargeChecklist: (id: string, confirmed: string[]) =>
    request<SessionChart>('PUT', `${sessionPath(id)}/discharge-checklist`, { body: { confirmed } }),
  discharge: (id: string, body: { confirmed?: string[]; instructionsGiven: InstructionsGiven }) =>
    request<SessionChart>('POST', `${sessionPath(id)}/discharge`, { body }),
  recordWaste: (id: string, body: { quantity: number; reason: string; witnesses: WitnessInput[] }) =>
    request<SessionChart>('POST', `${sessionPath(id)}/waste`, { body }),
  saveDischargeScore: (id: string, itemScores: number[]) =>
    request<SessionChart>('PUT', `${sessionPath(id)}/discharge-score`, { body: { itemScores } }),
  sendInstructions: (id: string) =>
    request<{ linkId: string; sentTo: 'email'; expiresAt: string }>(
      'POST',
      `${sessionPath(id)}/discharge-instructions/send`,
    ),
  endSession: (id: string, body: EndSessionInput) =>
    request<SessionChart>('POST', `${sessionPath(id)}/end`, { body }),
  sign: (id: string, body: { password: string; note?: string | null }) =>
    request<SessionChart>('POST', `${sessionPath(id)}/sign`, { body }),
  cosign: (id: string, password: string) =>
    request<SessionChart>('POST', `${sessionPath(id)}/cosign`, { body: { password } }),
  addAddendum: (id: string, body: { password: string; text: string }) =>
    request<SessionChart>('POST', `${sessionPath(id)}/addenda`, { body }),
};
