import type { DoseSuggestion, DoseUnit } from '../../../domain/protocols/index.ts';
import type { Executor } from '../../context.ts';
import type { PlannedSessionStatus, SexAtBirth } from '../../db/schema.ts';
import type { DoseCalculation, PlanDosing } from './dose.ts';

export type PlanSchedule = {
  sessionsPerWeek?: number | undefined;
  everyWeeks?: number | undefined;
  weekdays?: string[] | undefined;
  skipDates?: string[] | undefined;
  sessions?: number | undefined;
  currentDose?: number | undefined;
};

export type StoredPlan = {
  id: string;
  patientId: string;
  eligibilityDecisionId: string;
  intakeVersionId: string;
  protocolId: string;
  protocolVersion: number;
  route: 'iv-ketamine' | 'esketamine';
  phaseId: string;
  startDate: string;
  schedule: PlanSchedule;
  dosing: PlanDosing;
  dose: number;
  doseUnit: DoseUnit;
  aboveLimitReason: string | null;
  responseInstrument: 'phq9' | 'madrs';
  warnings: string[];
  supersedesId: string | null;
  signedBy: string;
  signerName: string;
  signatureMeaning: string;
  signedAt: Date;
};

export type StoredSession = {
  id: string;
  planId: string;
  number: number;
  plannedOn: string;
  week: number;
  phaseId: string;
  dose: number;
  doseUnit: DoseUnit;
  doseMg: number;
  calculation: DoseCalculation;
  note: string;
  status: PlannedSessionStatus;
};

export type StoredDoseDecision = {
  id: string;
  plannedSessionId: string;
  suggestion: DoseSuggestion | null;
  action: 'accept' | 'change';
  dose: number | null;
  doseUnit: DoseUnit;
  doseMg: number | null;
  calculation: DoseCalculation | null;
  reason: string | null;
  aboveLimitReason: string | null;
  signedBy: string;
  signerName: string;
  signatureMeaning: string;
  signedAt: Date;
};

export async function patientSex(
  db: Executor,
  orgId: string,
  patientId: string,
): Promise<SexAtBirth | undefined> {
  const row = await db
    .selectFrom('patients')
    .select('sex_at_birth')
    .where('org_id', '=', orgId)
    .where('id', '=', patientId)
    .executeTakeFirst();
  return row?.sex_at_birth;
}

export async function insertPlan(
  db: Executor,
  input: Omit<StoredPlan, 'id'> & { orgId: string; protocolRowId: string },
): Promise<string> {
  const { id } = await db
    .insertInto('treatment_plans')
    .values({
      org_id: input.orgId,
      patient_id: input.patientId,
      eligibility_decision_id: input.eligibilityDecisionId,
      intake_version_id: input.intakeVersionId,
      protocol_row_id: input.protocolRowId,
      protocol_id: input.protocolId,
      protocol_version: input.protocolVersion,
      route: input.route,
      phase_id: input.phaseId,
      start_date: input.startDate,
      schedule: JSON.stringify(input.schedule),
      dosing: JSON.stringify(input.dosing),
      dose: input.dose,
      dose_unit: input.doseUnit,
      above_limit_reason: input.aboveLimitReason,
      response_instrument: input.responseInstrument,
      warnings: input.warnings,
      supersedes_id: input.supersedesId,
      signed_by: input.signedBy,
      signer_name: input.signerName,
      signature_meaning: input.signatureMeaning,
      signed_at: input.signedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertSessions(
  db: Executor,
  input: {
    orgId: string;
    patientId: string;
    planId: string;
    sessions: Omit<StoredSession, 'id' | 'planId' | 'status'>[];
  },
): Promise<void> {
  if (input.sessions.length === 0) return;
  await db
    .insertInto('planned_sessions')
    .values(
      input.sessions.map((s) => ({
        org_id: input.orgId,
        patient_id: input.patientId,
        plan_id: input.planId,
        number: s.number,
        planned_on: s.plannedOn,
        week: s.week,
        phase_id: s.phaseId,
        dose: s.dose,
        dose_unit: s.doseUnit,
        dose_mg: s.doseMg,
        calculation: JSON.stringify(s.calculation),
        note: s.note,
      })),
    )
    .execute();
}

function planQuery(db: Executor, orgId: string) {
  return db.selectFrom('treatment_plans').selectAll().where('org_id', '=', orgId);
}

type PlanRow = Awaited<ReturnType<ReturnType<typeof planQuery>['executeTakeFirstOrThrow']>>;

function toPlan(row: PlanRow): StoredPlan {
  return {
    id: row.id,
    patientId: row.patient_id,
    eligibilityDecisionId: row.eligibility_decision_id,
    intakeVersionId: row.intake_version_id,
    protocolId: row.protocol_id,
    protocolVersion: row.protocol_version,
    route: row.route,
    phaseId: row.phase_id,
    startDate: row.start_date,
    schedule: row.schedule as PlanSchedule,
    dosing: row.dosing as PlanDosing,
    dose: Number(row.dose),
    doseUnit: row.dose_unit,
    aboveLimitReason: row.above_limit_reason,
    responseInstrument: row.response_instrument,
    warnings: row.warnings,
    supersedesId: row.supersedes_id,
    signedBy: row.signed_by,
    signerName: row.signer_name,
    signatureMeaning: row.signature_meaning,
    signedAt: row.signed_at,
  };
}

export async function findPlan(db: Executor, orgId: string, id: string): Promise<StoredPlan | undefined> {
  const row = await planQuery(db, orgId).where('id', '=', id).executeTakeFirst();
  return row ? toPlan(row) : undefined;
}

/** The patient's plans, newest first; the newest is in force. */
export async function listPlans(db: Executor, orgId: string, patientId: string): Promise<StoredPlan[]> {
  const rows = await planQuery(db, orgId)
    .where('patient_id', '=', patientId)
    .orderBy('seq', 'desc')
    .execute();
  return rows.map(toPlan);
}

function sessionQuery(db: Executor, orgId: string) {
  return db.selectFrom('planned_sessions').selectAll().where('org_id', '=', orgId);
}

type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionQuery>['executeTakeFirstOrThrow']>>;

function toSession(row: SessionRow): StoredSession {
  return {
    id: row.id,
    planId: row.plan_id,
    number: row.number,
    plannedOn: row.planned_on,
    week: row.week,
    phaseId: row.phase_id,
    dose: Number(row.dose),
    doseUnit: row.dose_unit,
    doseMg: Number(row.dose_mg),
    calculation: row.calculation as DoseCalculation,
    note: row.note,
    status: row.status,
  };
}

export async function listSessions(db: Executor, orgId: string, planId: string): Promise<StoredSession[]> {
  const rows = await sessionQuery(db, orgId).where('plan_id', '=', planId).orderBy('number').execute();
  return rows.map(toSession);
}

export async function insertDoseDecision(
  db: Executor,
  input: Omit<StoredDoseDecision, 'id'> & { orgId: string; patientId: string; planId: string },
): Promise<string> {
  const { id } = await db
    .insertInto('dose_decisions')
    .values({
      org_id: input.orgId,
      patient_id: input.patientId,
      plan_id: input.planId,
      planned_session_id: input.plannedSessionId,
      suggestion: JSON.stringify(input.suggestion),
      action: input.action,
      dose: input.dose,
      dose_unit: input.doseUnit,
      dose_mg: input.doseMg,
      calculation: input.calculation ? JSON.stringify(input.calculation) : null,
      reason: input.reason,
      above_limit_reason: input.aboveLimitReason,
      signed_by: input.signedBy,
      signer_name: input.signerName,
      signature_meaning: input.signatureMeaning,
      signed_at: input.signedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Every dose decision of a plan, oldest first. */
export async function listDoseDecisions(
  db: Executor,
  orgId: string,
  planId: string,
): Promise<StoredDoseDecision[]> {
  const rows = await db
    .selectFrom('dose_decisions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('plan_id', '=', planId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    plannedSessionId: row.planned_session_id,
    suggestion: row.suggestion as DoseSuggestion | null,
    action: row.action,
    dose: row.dose === null ? null : Number(row.dose),
    doseUnit: row.dose_unit,
    doseMg: row.dose_mg === null ? null : Number(row.dose_mg),
    calculation: row.calculation as DoseCalculation | null,
    reason: row.reason,
    aboveLimitReason: row.above_limit_reason,
    signedBy: row.signed_by,
    signerName: row.signer_name,
    signatureMeaning: row.signature_meaning,
    signedAt: row.signed_at,
  }));
}
