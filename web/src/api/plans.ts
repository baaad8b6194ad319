// Typed client for treatment plans, their preview and the next-dose suggestion (/api/v1/…/plans).
import type { DoseStep, Sex, WeightBasis } from '../../../src/domain/dosing/index.ts';
import type { DoseSuggestion, DoseUnit, Protocol, Weekday } from '../../../src/domain/protocols/index.ts';
import { request } from '../api.ts';

export type Signature = { printedName: string; signedAt: string; meaning: string; userId: string | null };

export type DoseCalculation = {
  doseMg: number;
  steps: DoseStep[];
  warnings: string[];
  dosingWeightKg?: number;
  volumeMl?: number;
  totalVolumeMl?: number;
  rateMlPerHour?: number;
  devices?: number;
  minutesBetweenDevices?: number;
};

export type DoseDecision = {
  id: string;
  action: 'accept' | 'change';
  dose: number | null;
  unit: string;
  doseMg: number | null;
  calculation: DoseCalculation | null;
  reason: string | null;
  aboveLimitReason: string | null;
  suggestion: DoseSuggestion | null;
  signature: Signature;
};

export type PlannedSession = {
  id: string | null;
  number: number;
  date: string;
  week: number;
  phaseId: string;
  dose: number;
  unit: string;
  doseMg: number;
  calculation: DoseCalculation;
  note: string;
  status: string;
  doseDecision: DoseDecision | null;
};

export type PlanDosing = {
  route: Protocol['route'];
  unit: DoseUnit;
  weightBasis: WeightBasis | null;
  weightKg: number | null;
  heightCm: number | null;
  sex: Sex | null;
  concentrationMgPerMl: number | null;
  bagMl: number | null;
  infusionMinutes: number | null;
  dose: number;
  aboveLimit: boolean;
  aboveLimitReason: string | null;
};

export type PlanPreview = {
  protocol: { id: string; version: number; name: string; route: Protocol['route'] };
  phase: { id: string; name: string; maxDose: number; unit: string };
  eligibilityDecision: { id: string; decision: string; signedAt: string };
  intakeVersionId: string;
  dosing: PlanDosing;
  responseInstrument: 'phq9' | 'madrs';
  sessions: PlannedSession[];
  warnings: string[];
};

export type Plan = PlanPreview & {
  id: string;
  patientId: string;
  startDate: string;
  supersedesId: string | null;
  signature: Signature;
};

export type PlanSummary = {
  id: string;
  protocolId: string;
  protocolVersion: number;
  phaseId: string;
  startDate: string;
  signedAt: string;
  signerName: string;
  inForce: boolean;
};

export type PlanInput = {
  protocolId: string;
  protocolVersion: number;
  phaseId?: string;
  startDate: string;
  sessionsPerWeek?: number;
  everyWeeks?: number;
  weekdays?: Weekday[];
  sessions?: number;
  currentDose?: number;
  weightBasis?: WeightBasis;
  sex?: Sex;
  concentrationMgPerMl?: number;
  bagMl?: number;
  dose?: number;
  aboveLimitReason?: string;
  responseInstrument?: 'phq9' | 'madrs';
};

export type ScoreSummary = {
  instrument: string;
  baseline: { total: number; completedAt: string; responseId: string } | null;
  latest: { total: number | null; completedAt: string; responseId: string } | null;
  percentChange: number | null;
  response: boolean;
  remission: boolean;
  status: string | null;
};

export type NextSessionSuggestion = {
  planId: string;
  session: {
    id: string;
    number: number;
    date: string;
    plannedDose: number;
    unit: string;
    doseDecision: DoseDecision | null;
  };
  previousSessions: {
    id: string;
    number: number;
    date: string;
    dose: number;
    unit: string;
    status: string;
    /** What the session's chart recorded; null when it was not charted in Ketaflow. */
    charted: ChartedSession | null;
  }[];
  response: ScoreSummary | null;
  scores: ScoreSummary[];
  suggestion: DoseSuggestion | null;
  notSuggested: string | null;
  /** Whether any session of the plan has a chart, and where its numbers come from. */
  sessionData: { available: boolean; note: string };
  applied: false;
};

export type ChartedSession = {
  peakSystolicMmHg: number | null;
  peakDiastolicMmHg: number | null;
  lowestMoaas: number | null;
  highestDissociation: number | null;
  adverseEvents: { event: string; severity: 'mild' | 'moderate' | 'severe' }[];
  stoppedEarly: boolean;
  alertsAfterDose: string[];
  tolerated: boolean;
  severeReaction: boolean;
  reasons: string[];
  responseScore: number | null;
};

export type DoseDecisionInput = {
  action: 'accept' | 'change';
  dose?: number;
  reason?: string;
  aboveLimitReason?: string;
  password: string;
};

/** Measures a plan's IV dose is computed from: the verified intake in force. */
export type DosingMeasures = { weightKg: number | null; heightCm: number | null; verifiedAt: string };

type IntakeList = { items: { id: string; verifiedAt: string | null }[] };
type IntakeRead = { current: { facts: { weightKg?: number; heightCm?: number } } | null };

const enc = encodeURIComponent;

export const plansApi = {
  preview: (patientId: string, body: PlanInput) =>
    request<PlanPreview>('POST', `/patients/${enc(patientId)}/plans/preview`, { body }),
  sign: (patientId: string, body: PlanInput & { password: string }) =>
    request<Plan>('POST', `/patients/${enc(patientId)}/plans`, { body }),
  list: (patientId: string) => request<{ items: PlanSummary[] }>('GET', `/patients/${enc(patientId)}/plans`),
  read: (id: string) => request<Plan>('GET', `/plans/${enc(id)}`),
  nextSuggestion: (id: string) =>
    request<NextSessionSuggestion>('GET', `/plans/${enc(id)}/next-session-suggestion`),
  decideDose: (id: string, sessionId: string, body: DoseDecisionInput) =>
    request<DoseDecision>('POST', `/plans/${enc(id)}/sessions/${enc(sessionId)}/dose-decision`, { body }),

  /** Weight and height from the patient's verified intake, or null when there is none yet. */
  async dosingMeasures(patientId: string): Promise<DosingMeasures | null> {
    const intakes = await request<IntakeList>('GET', `/patients/${enc(patientId)}/intakes`);
    const verified = intakes.items.find((i) => i.verifiedAt !== null);
    if (!verified?.verifiedAt) return null;
    const intake = await request<IntakeRead>('GET', `/intakes/${enc(verified.id)}`);
    const facts = intake.current?.facts;
    return {
      weightKg: facts?.weightKg ?? null,
      heightCm: facts?.heightCm ?? null,
      verifiedAt: verified.verifiedAt,
    };
  },
};
