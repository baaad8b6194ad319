import {
  checkPreDoseBloodPressure,
  checkPregnancyTest,
  type DischargeReadiness,
  dischargeScoreOf,
  evaluateDischarge,
  nextVitalsDue,
  type Vitals,
} from '../../../domain/monitoring/index.ts';
import type { ProtocolItem, ProtocolPhase } from '../../../domain/protocols/types.ts';
import type { SessionPolicies } from '../settings/service.ts';

/**
 * The chart's derived state as pure functions of what was recorded: the rules themselves live in
 * src/domain/monitoring; this file only feeds them the session's readings.
 */

export type CheckData = {
  vitals?: Vitals;
  moaas?: number;
  dissociation?: number;
  note?: string | null;
  /** Only on the observation check-in records for a positive pregnancy test. */
  pregnancyTest?: 'positive';
};

export type EntryFact = {
  id: string;
  kind: 'check' | 'adverse-event';
  preDose: boolean;
  clientAt: Date;
  data: unknown;
};

export type GateFact = { entryId: string; decision: 'proceed' | 'do-not-dose'; reason: string };

/** What holds the dose: a positive pregnancy test at check-in, else the pre-dose blood pressure. */
export type GateKind = 'pregnancy-test' | 'blood-pressure';

/** The pregnancy-test hold on its own, kept on the chart after a prescriber settles it. */
export type PregnancyHold = {
  entryId: string;
  status: 'blocked' | 'proceed-decided' | 'do-not-dose-decided';
  reason: string;
};

export type GateState = { kind: GateKind; pregnancyTest: PregnancyHold | null } & (
  | { status: 'clear'; entryId: string; reason: null }
  | { status: 'blocked'; entryId: string | null; reason: string }
  | { status: 'proceed-decided' | 'do-not-dose-decided'; entryId: string; reason: string }
);

export type Phase = 'checked-in' | 'dosing' | 'monitoring' | 'ready-for-discharge' | 'discharged' | 'ended';

const checks = (entries: readonly EntryFact[]) =>
  entries.filter((e) => e.kind === 'check').map((e) => ({ ...e, data: e.data as CheckData }));

/**
 * A positive pregnancy test recorded at check-in (stored as a pre-dose observation, so a decision can
 * rest on it like one on a reading) holds the dose until a prescriber decides.
 */
function pregnancyHold(entries: readonly EntryFact[], decisions: readonly GateFact[]): PregnancyHold | null {
  const positive = checks(entries)
    .filter((e) => e.preDose && checkPregnancyTest(e.data.pregnancyTest ?? null).blocked)
    .at(-1);
  if (!positive) return null;
  const check = checkPregnancyTest('positive');
  const reason = check.blocked ? check.reason : '';
  const decision = decisions.filter((d) => d.entryId === positive.id).at(-1);
  if (!decision) return { entryId: positive.id, status: 'blocked', reason };
  return {
    entryId: positive.id,
    status: decision.decision === 'proceed' ? 'proceed-decided' : 'do-not-dose-decided',
    reason,
  };
}

/**
 * The pre-dose gate: first a positive pregnancy test, then the pre-dose blood pressure; a prescriber's
 * decision on each settles it. Which blood pressure counts is the clinic's policy
 * `bpGateRepeatClears`: the latest reading, or (the default) any reading above the gate until a
 * prescriber decides, so a hold cannot be measured away.
 */
export function gateState(
  entries: readonly EntryFact[],
  decisions: readonly GateFact[],
  policies: SessionPolicies,
  route: 'iv-ketamine' | 'esketamine',
): GateState {
  const pregnancyTest = pregnancyHold(entries, decisions);
  if (pregnancyTest && pregnancyTest.status !== 'proceed-decided') {
    return { kind: 'pregnancy-test', pregnancyTest, ...pregnancyTest };
  }
  const on = { kind: 'blood-pressure' as const, pregnancyTest };
  const gate = policies.preDoseGates[route];
  const withBp = checks(entries)
    .filter(
      (e) =>
        e.preDose && e.data.vitals?.systolicMmHg !== undefined && e.data.vitals?.diastolicMmHg !== undefined,
    )
    .map((e) => ({ ...e, check: checkPreDoseBloodPressure(e.data.vitals ?? {}, gate) }));
  const latest = withBp.at(-1);
  if (!latest) {
    const none = checkPreDoseBloodPressure({}, gate);
    return { ...on, status: 'blocked', entryId: null, reason: none.blocked ? none.reason : '' };
  }
  // Copies of the policies made before this policy existed lack it: they get its default.
  const repeatClears = policies.bpGateRepeatClears?.value ?? false;
  const breachAt = repeatClears
    ? latest.check.blocked
      ? withBp.length - 1
      : -1
    : withBp.findLastIndex((e) => e.check.blocked);
  const breach = withBp[breachAt];
  if (!breach?.check.blocked) return { ...on, status: 'clear', entryId: latest.id, reason: null };
  // A decision on the reading above the gate, or on any reading after it, settles the hold.
  const since = new Set(withBp.slice(breachAt).map((e) => e.id));
  const decision = decisions.filter((d) => since.has(d.entryId)).at(-1);
  if (!decision) {
    const reason =
      breach === latest
        ? breach.check.reason
        : `An earlier reading was above the gate (${breach.check.reason}); a lower repeat reading does not lift the hold (clinic policy)`;
    return { ...on, status: 'blocked', entryId: latest.id, reason };
  }
  return {
    ...on,
    status: decision.decision === 'proceed' ? 'proceed-decided' : 'do-not-dose-decided',
    entryId: decision.entryId,
    reason: breach.check.reason,
  };
}

export type DosingClock = { doseStartedAt: Date | null; infusionEndedAt: Date | null };

/**
 * The criteria the nurse confirms: the protocol phase's own, then the clinic's checklist items, or,
 * where the clinic discharges by a score, what that score adds instead of them.
 */
export function dischargeCriteria(
  phase: ProtocolPhase,
  policies: SessionPolicies,
  route: 'iv-ketamine' | 'esketamine',
): ProtocolItem[] {
  const score = dischargeScoreOf(policies.dischargeMethod?.value ?? 'checklist');
  return [...phase.discharge, ...(score ? score.criteria : policies.dischargeChecklist[route])];
}

/** The item scores recorded for a session discharged by a score. */
export type RecordedDischargeScore = { method: string; itemScores: number[] };

function latestAfterDose(entries: readonly EntryFact[], doseStartedAt: Date) {
  return checks(entries).filter((e) => !e.preDose && e.clientAt >= doseStartedAt);
}

export function dischargeReadiness(input: {
  entries: readonly EntryFact[];
  clock: DosingClock;
  route: 'iv-ketamine' | 'esketamine';
  phase: ProtocolPhase;
  policies: SessionPolicies;
  confirmed: readonly string[];
  unacknowledgedAlerts: number;
  /** What was recorded where the clinic discharges by a score. */
  score?: RecordedDischargeScore | null;
  now: Date;
}): DischargeReadiness {
  const { clock } = input;
  if (!clock.doseStartedAt) {
    return {
      ready: false,
      monitoringEndsAt: null,
      gaps: [{ id: 'not-dosed', text: 'No dose recorded yet' }],
    };
  }
  const after = latestAfterDose(input.entries, clock.doseStartedAt);
  const lastVitals = after.filter((e) => e.data.vitals && Object.keys(e.data.vitals).length > 0).at(-1);
  const lastMoaas = after.filter((e) => e.data.moaas !== undefined).at(-1);
  const lastDissociation = after.filter((e) => e.data.dissociation !== undefined).at(-1);
  return evaluateDischarge({
    monitoring: input.phase.monitoring.value,
    doseStartedAt: clock.doseStartedAt.getTime(),
    ...(input.route === 'iv-ketamine' ? { infusionEndedAt: clock.infusionEndedAt?.getTime() ?? null } : {}),
    now: input.now.getTime(),
    criteria: dischargeCriteria(input.phase, input.policies, input.route),
    confirmed: new Set(input.confirmed),
    lastVitals: lastVitals
      ? { at: lastVitals.clientAt.getTime(), vitals: lastVitals.data.vitals ?? {} }
      : null,
    thresholds: input.policies.alertThresholds,
    latestMoaas: lastMoaas?.data.moaas ?? null,
    latestDissociation: lastDissociation?.data.dissociation ?? null,
    unacknowledgedAlerts: input.unacknowledgedAlerts,
    vitalsWithinMin: input.policies.vitalsBeforeDischargeWithinMin.value,
    ...dischargeScoreState(input.policies, input.score ?? null),
  });
}

function dischargeScoreState(policies: SessionPolicies, recorded: RecordedDischargeScore | null) {
  const definition = dischargeScoreOf(policies.dischargeMethod?.value ?? 'checklist');
  if (!definition) return {};
  const itemScores = recorded?.method === definition.id ? recorded.itemScores : null;
  return { score: { definition, itemScores } };
}

export type VitalsDueView = { dueAt: string | null; overdue: boolean; reason: string };

/** When the next vitals are due: before dosing, on the route's schedule, or before discharge. */
export function vitalsDue(input: {
  entries: readonly EntryFact[];
  clock: DosingClock;
  route: 'iv-ketamine' | 'esketamine';
  policies: SessionPolicies;
  checkedInAt: Date;
  discharged: boolean;
  now: Date;
}): VitalsDueView | null {
  if (input.discharged) return null;
  const { clock } = input;
  if (!clock.doseStartedAt) {
    const preDose = checks(input.entries).some((e) => e.preDose && e.data.vitals);
    if (preDose) return null;
    return {
      dueAt: input.checkedInAt.toISOString(),
      overdue: input.now > input.checkedInAt,
      reason: 'Before dosing',
    };
  }
  const readingsAt = latestAfterDose(input.entries, clock.doseStartedAt)
    .filter((e) => e.data.vitals)
    .map((e) => e.clientAt.getTime());
  const due = nextVitalsDue(input.policies.vitalsSchedules[input.route], {
    doseStartedAt: clock.doseStartedAt.getTime(),
    ...(input.route === 'iv-ketamine' ? { infusionEndedAt: clock.infusionEndedAt?.getTime() ?? null } : {}),
    readingsAt,
    now: input.now.getTime(),
  });
  if (!due) return { dueAt: null, overdue: false, reason: 'Before discharge' };
  return { dueAt: new Date(due.dueAt).toISOString(), overdue: due.overdue, reason: due.reason };
}

export function phaseOf(status: string, ready: boolean): Phase {
  if (status === 'monitoring' && ready) return 'ready-for-discharge';
  return status as Phase;
}

export type ChecklistInput = {
  lastFoodAt: Date | null;
  lastLiquidsAt: Date | null;
};

/** Fasting findings at the dose (or now, before it): they inform the nurse and prescriber, never block. */
export function checklistWarnings(
  route: 'iv-ketamine' | 'esketamine',
  checklist: ChecklistInput,
  policies: SessionPolicies,
  doseAt: Date,
): string[] {
  if (route !== 'esketamine') return [];
  const warnings: string[] = [];
  const { foodHours, liquidsMinutes } = policies.fasting.value;
  if (checklist.lastFoodAt && doseAt.getTime() - checklist.lastFoodAt.getTime() < foodHours * 3_600_000) {
    warnings.push(`Ate less than ${foodHours} h before dosing`);
  }
  if (
    checklist.lastLiquidsAt &&
    doseAt.getTime() - checklist.lastLiquidsAt.getTime() < liquidsMinutes * 60_000
  ) {
    warnings.push(`Drank less than ${liquidsMinutes} min before dosing`);
  }
  return warnings;
}

/** A session is over once the patient is discharged or it ended without a discharge. */
export function isFinished(status: string): boolean {
  return status === 'discharged' || status === 'ended';
}
