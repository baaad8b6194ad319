import { type Sex, WEIGHT_BASIS_RULES, type WeightBasis } from '../../../domain/dosing/index.ts';
import {
  judgeTolerability,
  type SessionObservations,
  TOLERABILITY_RULE,
  type Tolerability,
} from '../../../domain/monitoring/index.ts';
import {
  type DoseSuggestion,
  type PlanOptions,
  type Protocol,
  type ProtocolPhase,
  planSessions,
  suggestNextDose,
  type Weekday,
} from '../../../domain/protocols/index.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import { decisionInForce, findDecisionRecord } from '../eligibility/service.ts';
import {
  confirmSigner,
  currentIntakeRecord,
  patientInClinic,
  type SignatureView,
  signatureView,
} from '../intake/service.ts';
import { readTrajectory } from '../measures/trajectory.ts';
import { findProtocol, storedProtocolRow } from '../protocols/service.ts';
import { chartedSessions } from '../sessions/service.ts';
import { calculateDose, type DoseCalculation, isWrittenReason, type PlanDosing } from './dose.ts';
import {
  findPlan,
  insertDoseDecision,
  insertPlan,
  insertSessions,
  listDoseDecisions,
  listPlans,
  listSessions,
  type PlanSchedule,
  patientSex,
  type StoredDoseDecision,
  type StoredPlan,
  type StoredSession,
} from './store.ts';

export type PlanInput = {
  protocolId: string;
  protocolVersion: number;
  phaseId?: string | undefined;
  startDate: string;
  sessionsPerWeek?: number | undefined;
  everyWeeks?: number | undefined;
  weekdays?: Weekday[] | undefined;
  skipDates?: string[] | undefined;
  sessions?: number | undefined;
  currentDose?: number | undefined;
  weightBasis?: WeightBasis | undefined;
  sex?: Sex | undefined;
  concentrationMgPerMl?: number | undefined;
  bagMl?: number | undefined;
  dose?: number | undefined;
  aboveLimitReason?: string | null | undefined;
  responseInstrument?: 'phq9' | 'madrs' | undefined;
};

export type PlannedSessionView = {
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
  /** The prescriber's latest decision on this session's dose, if any; it stands over the planned dose. */
  doseDecision: DoseDecisionView | null;
};

export type DoseDecisionView = {
  id: string;
  action: 'accept' | 'change';
  dose: number | null;
  unit: string;
  doseMg: number | null;
  calculation: DoseCalculation | null;
  reason: string | null;
  aboveLimitReason: string | null;
  suggestion: DoseSuggestion | null;
  signature: SignatureView;
};

export type PlanPreview = {
  protocol: { id: string; version: number; name: string; route: Protocol['route'] };
  phase: { id: string; name: string; maxDose: number; unit: string };
  eligibilityDecision: { id: string; decision: string; signedAt: string };
  intakeVersionId: string;
  dosing: PlanDosing & { dose: number; aboveLimit: boolean; aboveLimitReason: string | null };
  responseInstrument: 'phq9' | 'madrs';
  sessions: PlannedSessionView[];
  warnings: string[];
};

export type PlanView = PlanPreview & {
  id: string;
  patientId: string;
  startDate: string;
  supersedesId: string | null;
  signature: SignatureView;
};

const ROUTE_WORDS = { 'iv-ketamine': 'IV ketamine', esketamine: 'esketamine nasal spray' } as const;

function scheduleProblem(message: string): FieldError {
  const field = /weekday/.test(message)
    ? 'body.weekdays'
    : /sessions a week/.test(message)
      ? 'body.sessionsPerWeek'
      : /every|everyWeeks/.test(message)
        ? 'body.everyWeeks'
        : /number of sessions|sessions cannot be given/.test(message)
          ? 'body.sessions'
          : /currentDose|dose step/.test(message)
            ? 'body.currentDose'
            : /phase/.test(message)
              ? 'body.phaseId'
              : /skipped|within a year/.test(message)
                ? 'body.skipDates'
                : 'body.startDate';
  return { field, message };
}

function invalid(fields: FieldError[]): AppError {
  return new AppError('validation-failed', fields.map((f) => f.message).join(' '), fields);
}

function dosingSex(patient: string | undefined, given: Sex | undefined): Sex | null {
  if (given) return given;
  return patient === 'female' || patient === 'male' ? patient : null;
}

type Built = {
  preview: PlanPreview;
  protocol: Protocol;
  schedule: PlanSchedule;
  sessions: Omit<StoredSession, 'id' | 'planId' | 'status'>[];
  aboveLimitReason: string | null;
};

/**
 * Lays out a plan: it needs the verified intake in force and a signed decision that found the patient
 * eligible for the protocol's route, made on that same intake record. Nothing is stored here.
 */
async function buildPlan(ctx: Ctx, patientId: string, input: PlanInput): Promise<Built> {
  if (!(await patientInClinic(ctx, patientId)))
    throw new AppError('not-found', 'No such patient in this clinic.');
  const found = await findProtocol(ctx.db, ctx.orgId, input.protocolId, input.protocolVersion);
  if (!found) {
    throw invalid([
      {
        field: 'body.protocolVersion',
        message: `This clinic has no version ${input.protocolVersion} of "${input.protocolId}".`,
      },
    ]);
  }
  if (found.protocol.version !== found.latestVersion) {
    throw new AppError(
      'conflict',
      `${found.protocol.name} has a newer version (${found.latestVersion}): plan with the version in force.`,
      [{ field: 'body.protocolVersion', message: `The latest version is ${found.latestVersion}.` }],
    );
  }
  const protocol = found.protocol;
  const record = await currentIntakeRecord(ctx, patientId);
  if (!record) throw new AppError('conflict', 'This patient has no verified intake yet.');
  const decision = await decisionInForce(ctx, patientId, protocol.route);
  if (!decision || decision.decision === 'not-eligible') {
    throw new AppError(
      'conflict',
      `A plan needs a prescriber’s signed decision that the patient is eligible for ${ROUTE_WORDS[protocol.route]}${decision ? '; the decision in force is not eligible' : ''}.`,
    );
  }
  if (decision.intakeVersionId !== record.id) {
    throw new AppError(
      'conflict',
      'The intake was corrected after the eligibility decision: a prescriber reviews it and signs a new decision first.',
    );
  }

  const options: PlanOptions = {
    ...(input.phaseId !== undefined && { phaseId: input.phaseId }),
    ...(input.sessionsPerWeek !== undefined && { sessionsPerWeek: input.sessionsPerWeek }),
    ...(input.everyWeeks !== undefined && { everyWeeks: input.everyWeeks }),
    ...(input.weekdays !== undefined && { weekdays: input.weekdays }),
    ...(input.skipDates !== undefined && { skipDates: input.skipDates }),
    ...(input.sessions !== undefined && { sessions: input.sessions }),
    ...(input.currentDose !== undefined && { currentDose: input.currentDose }),
  };
  const plan = planSessions(protocol, input.startDate, options);
  if (!plan.ok) throw invalid(plan.problems.map(scheduleProblem));
  const phase = protocol.phases.find((p) => p.id === plan.phaseId) as ProtocolPhase;
  const rule = phase.dose.value;
  const baseDose = rule.startDose ?? (input.currentDose as number);
  const chosen = input.dose ?? baseDose;
  const maxDose = phase.maxDose.value;
  const aboveLimit = chosen > maxDose;

  const isIv = protocol.route === 'iv-ketamine';
  const weightBasis = isIv ? (input.weightBasis ?? WEIGHT_BASIS_RULES.defaultBasis.value) : null;
  const dosing: PlanDosing = {
    route: protocol.route,
    unit: rule.unit,
    weightBasis,
    weightKg: isIv ? (record.facts.weightKg ?? null) : null,
    heightCm: isIv ? (record.facts.heightCm ?? null) : null,
    sex:
      isIv && weightBasis !== 'actual'
        ? dosingSex(await patientSex(ctx.db, ctx.orgId, patientId), input.sex)
        : null,
    concentrationMgPerMl: isIv ? (input.concentrationMgPerMl ?? null) : null,
    bagMl: isIv ? (input.bagMl ?? 0) : null,
    infusionMinutes: isIv ? (rule.infusionMinutes ?? null) : null,
  };
  const calculations = new Map<number, DoseCalculation>();
  const warnings = [...plan.warnings];
  const firstPhase = phase === protocol.phases[0];
  const sessions = plan.sessions.map((session) => {
    // A first-session dose the protocol fixes (esketamine day 1) stays; the chosen dose is for the rest.
    const fixedFirst = firstPhase && session.number === 1 && rule.firstSessionDose !== undefined;
    const dose = fixedFirst ? session.dose : chosen;
    let calculation = calculations.get(dose);
    if (!calculation) {
      const result = calculateDose(dosing, dose);
      if (!result.ok) throw invalid(result.problems);
      calculation = result.calculation;
      calculations.set(dose, calculation);
      warnings.push(...calculation.warnings);
    }
    return {
      number: session.number,
      plannedOn: session.date,
      week: session.week,
      phaseId: session.phaseId,
      dose,
      doseUnit: session.unit,
      doseMg: calculation.doseMg,
      calculation,
      note: dose === session.dose ? session.note : `${dose} ${session.unit}, chosen by the prescriber`,
    };
  });
  // Checked after the calculation, so an impossible dose is named as such first.
  if (aboveLimit && !isWrittenReason(input.aboveLimitReason)) {
    throw invalid([
      {
        field: 'body.aboveLimitReason',
        message: `${chosen} ${rule.unit} is above the protocol’s maximum of ${maxDose} ${rule.unit}: write the reason for the higher dose.`,
      },
    ]);
  }
  if (aboveLimit) {
    warnings.push(
      `${chosen} ${rule.unit} is above the protocol’s maximum of ${maxDose} ${rule.unit}; the prescriber gave a reason`,
    );
  }
  const aboveLimitReason = aboveLimit ? (input.aboveLimitReason as string).trim() : null;
  const responseInstrument = input.responseInstrument ?? 'phq9';
  return {
    protocol,
    schedule: {
      sessionsPerWeek: input.sessionsPerWeek,
      everyWeeks: input.everyWeeks,
      weekdays: input.weekdays,
      skipDates: input.skipDates,
      sessions: input.sessions,
      currentDose: input.currentDose,
    },
    sessions,
    aboveLimitReason,
    preview: {
      protocol: { id: protocol.id, version: protocol.version, name: protocol.name, route: protocol.route },
      phase: { id: phase.id, name: phase.name, maxDose, unit: rule.unit },
      eligibilityDecision: {
        id: decision.id,
        decision: decision.decision,
        signedAt: decision.signedAt.toISOString(),
      },
      intakeVersionId: record.id,
      dosing: { ...dosing, dose: chosen, aboveLimit, aboveLimitReason },
      responseInstrument,
      sessions: sessions.map((s) => ({
        id: null,
        number: s.number,
        date: s.plannedOn,
        week: s.week,
        phaseId: s.phaseId,
        dose: s.dose,
        unit: s.doseUnit,
        doseMg: s.doseMg,
        calculation: s.calculation,
        note: s.note,
        status: 'planned',
        doseDecision: null,
      })),
      warnings: [...new Set(warnings)],
    },
  };
}

/** What the plan would be, for the prescriber to review before signing; nothing is stored. */
export async function previewPlan(ctx: Ctx, patientId: string, input: PlanInput): Promise<PlanPreview> {
  const { preview } = await buildPlan(ctx, patientId, input);
  // The preview shows the verified intake's weight and height: a read of the record.
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'treatment_plan_preview',
    entityId: preview.intakeVersionId,
    patientId,
    details: { protocolId: preview.protocol.id, protocolVersion: preview.protocol.version },
  });
  return preview;
}

function decisionView(d: StoredDoseDecision): DoseDecisionView {
  return {
    id: d.id,
    action: d.action,
    dose: d.dose,
    unit: d.doseUnit,
    doseMg: d.doseMg,
    calculation: d.calculation,
    reason: d.reason,
    aboveLimitReason: d.aboveLimitReason,
    suggestion: d.suggestion,
    signature: signatureView(d.signerName, d.signedAt, d.signatureMeaning, d.signedBy) as SignatureView,
  };
}

async function planView(ctx: Ctx, plan: StoredPlan): Promise<PlanView> {
  const [sessions, decisions, found, eligibility] = await Promise.all([
    listSessions(ctx.db, ctx.orgId, plan.id),
    listDoseDecisions(ctx.db, ctx.orgId, plan.id),
    findProtocol(ctx.db, ctx.orgId, plan.protocolId, plan.protocolVersion),
    findDecisionRecord(ctx, plan.eligibilityDecisionId),
  ]);
  const protocol = found?.protocol;
  const phase = protocol?.phases.find((p) => p.id === plan.phaseId);
  const latestDecision = (sessionId: string) =>
    decisions.filter((d) => d.plannedSessionId === sessionId).at(-1) ?? null;
  return {
    id: plan.id,
    patientId: plan.patientId,
    startDate: plan.startDate,
    supersedesId: plan.supersedesId,
    signature: signatureView(
      plan.signerName,
      plan.signedAt,
      plan.signatureMeaning,
      plan.signedBy,
    ) as SignatureView,
    protocol: {
      id: plan.protocolId,
      version: plan.protocolVersion,
      name: protocol?.name ?? plan.protocolId,
      route: plan.route,
    },
    phase: {
      id: plan.phaseId,
      name: phase?.name ?? plan.phaseId,
      maxDose: phase?.maxDose.value ?? Number.NaN,
      unit: plan.doseUnit,
    },
    eligibilityDecision: {
      id: plan.eligibilityDecisionId,
      decision: eligibility?.decision ?? 'unknown',
      signedAt: eligibility?.signedAt.toISOString() ?? '',
    },
    intakeVersionId: plan.intakeVersionId,
    dosing: {
      ...plan.dosing,
      dose: plan.dose,
      aboveLimit: plan.aboveLimitReason !== null,
      aboveLimitReason: plan.aboveLimitReason,
    },
    responseInstrument: plan.responseInstrument,
    sessions: sessions.map((s) => {
      const decision = latestDecision(s.id);
      return {
        id: s.id,
        number: s.number,
        date: s.plannedOn,
        week: s.week,
        phaseId: s.phaseId,
        dose: s.dose,
        unit: s.doseUnit,
        doseMg: s.doseMg,
        calculation: s.calculation,
        note: s.note,
        status: s.status,
        doseDecision: decision ? decisionView(decision) : null,
      };
    }),
    warnings: plan.warnings,
  };
}

async function planOrThrow(ctx: Ctx, id: string): Promise<StoredPlan> {
  const plan = await findPlan(ctx.db, ctx.orgId, id);
  if (!plan) throw new AppError('not-found', 'No such treatment plan in this clinic.');
  return plan;
}

/**
 * The prescriber signs the plan (password re-entered); its sessions are stored as planned, each with
 * its dose and how it was calculated. A later plan supersedes this one; neither is ever edited.
 */
export async function signPlan(
  ctx: Ctx,
  patientId: string,
  input: PlanInput & { password: string },
): Promise<PlanView> {
  const built = await buildPlan(ctx, patientId, input);
  const signer = await confirmSigner(ctx, input.password, 'treatment plan', patientId);
  const { preview } = built;
  const meaning = `Treatment plan: I prescribe ${preview.protocol.name} (version ${preview.protocol.version}), ${preview.phase.name}, as laid out here`;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const protocolRowId = await storedProtocolRow(trx, ctx, built.protocol);
    const previous = (await listPlans(trx, ctx.orgId, patientId))[0];
    const planId = await insertPlan(trx, {
      orgId: ctx.orgId,
      patientId,
      eligibilityDecisionId: preview.eligibilityDecision.id,
      intakeVersionId: preview.intakeVersionId,
      protocolRowId,
      protocolId: preview.protocol.id,
      protocolVersion: preview.protocol.version,
      route: preview.protocol.route,
      phaseId: preview.phase.id,
      startDate: input.startDate,
      schedule: built.schedule,
      dosing: {
        route: preview.dosing.route,
        unit: preview.dosing.unit,
        weightBasis: preview.dosing.weightBasis,
        weightKg: preview.dosing.weightKg,
        heightCm: preview.dosing.heightCm,
        sex: preview.dosing.sex,
        concentrationMgPerMl: preview.dosing.concentrationMgPerMl,
        bagMl: preview.dosing.bagMl,
        infusionMinutes: preview.dosing.infusionMinutes,
      },
      dose: preview.dosing.dose,
      doseUnit: preview.dosing.unit,
      aboveLimitReason: built.aboveLimitReason,
      responseInstrument: preview.responseInstrument,
      warnings: preview.warnings,
      supersedesId: previous?.id ?? null,
      signedBy: signer.userId,
      signerName: signer.printedName,
      signatureMeaning: meaning,
      signedAt: signer.signedAt,
    });
    await insertSessions(trx, { orgId: ctx.orgId, patientId, planId, sessions: built.sessions });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'treatment_plan',
      entityId: planId,
      patientId,
      details: {
        protocolId: preview.protocol.id,
        protocolVersion: preview.protocol.version,
        phaseId: preview.phase.id,
        sessions: built.sessions.length,
        eligibilityDecisionId: preview.eligibilityDecision.id,
        aboveLimit: preview.dosing.aboveLimit,
        ...(previous && { supersedes: previous.id }),
      },
    });
    return planId;
  });
  return planView(ctx, await planOrThrow(ctx, id));
}

export async function readPlan(ctx: Ctx, id: string): Promise<PlanView> {
  const plan = await planOrThrow(ctx, id);
  const view = await planView(ctx, plan);
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'treatment_plan',
    entityId: id,
    patientId: plan.patientId,
  });
  return view;
}

export async function listPatientPlans(
  ctx: Ctx,
  patientId: string,
): Promise<
  {
    id: string;
    protocolId: string;
    protocolVersion: number;
    phaseId: string;
    startDate: string;
    signedAt: string;
    signerName: string;
    inForce: boolean;
  }[]
> {
  if (!(await patientInClinic(ctx, patientId)))
    throw new AppError('not-found', 'No such patient in this clinic.');
  const plans = await listPlans(ctx.db, ctx.orgId, patientId);
  await audit(
    ctx.db,
    ctx,
    ...plans.map((p) => ({
      action: 'read' as const,
      entityType: 'treatment_plan',
      entityId: p.id,
      patientId,
      details: { via: 'list' },
    })),
  );
  return plans.map((p, i) => ({
    id: p.id,
    protocolId: p.protocolId,
    protocolVersion: p.protocolVersion,
    phaseId: p.phaseId,
    startDate: p.startDate,
    signedAt: p.signedAt.toISOString(),
    signerName: p.signerName,
    inForce: i === 0,
  }));
}

// Response-driven adjustment ---------------------------------------------------------------------

type ScoreSummary = {
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
    doseDecision: DoseDecisionView | null;
  };
  previousSessions: {
    id: string;
    number: number;
    date: string;
    dose: number;
    unit: string;
    status: string;
    /** What the session's chart says, or null when the session was not charted in Ketaflow. */
    charted: (SessionObservations & Tolerability & { responseScore: number | null }) | null;
  }[];
  /** The plan's outcome instrument: latest score against baseline. */
  response: ScoreSummary | null;
  scores: ScoreSummary[];
  suggestion: DoseSuggestion | null;
  /** Why there is no suggestion, when there is none. */
  notSuggested: string | null;
  sessionData: { available: boolean; note: string };
  /** Always false: the software never changes a dose by itself. */
  applied: false;
};

const NO_SESSION_DATA =
  'Peak blood pressure, sedation, dissociation and adverse events come from the session charts; no session of this plan has been charted yet.';
const SESSION_DATA = `Peak blood pressure, the deepest sedation and dissociation and the adverse events come from each session's chart. ${TOLERABILITY_RULE.text} (clinic policy).`;

async function suggestionFor(
  ctx: Ctx,
  plan: StoredPlan,
): Promise<{ next: StoredSession; view: NextSessionSuggestion; protocol: Protocol }> {
  const found = await findProtocol(ctx.db, ctx.orgId, plan.protocolId, plan.protocolVersion);
  if (!found) throw new AppError('conflict', 'The plan’s protocol version is missing.');
  const sessions = await listSessions(ctx.db, ctx.orgId, plan.id);
  const next = sessions.find((s) => s.status === 'planned');
  if (!next) throw new AppError('conflict', 'This plan has no planned session left.');
  const given = sessions.filter((s) => s.status === 'given');
  const decisions = await listDoseDecisions(ctx.db, ctx.orgId, plan.id);
  const trajectory = await readTrajectory(ctx, plan.patientId);
  const scores: ScoreSummary[] = trajectory.series
    .filter((series) => series.maxTotal !== null)
    .map((series) => {
      const latest = series.points.at(-1);
      return {
        instrument: series.instrument,
        baseline: series.baseline,
        latest: latest
          ? { total: latest.total, completedAt: latest.completedAt, responseId: latest.responseId }
          : null,
        percentChange: latest?.percentChange ?? null,
        response: latest?.response ?? false,
        remission: latest?.remission ?? false,
        status: series.status,
      };
    });
  const response = scores.find((s) => s.instrument === plan.responseInstrument) ?? null;
  const charts = await chartedSessions(
    ctx.db,
    ctx.orgId,
    given.map((s) => s.id),
  );
  const responsePoints =
    trajectory.series.find((t) => t.instrument === plan.responseInstrument)?.points ?? [];
  const previousSessions = given.map((s, i) => {
    const chart = charts.get(s.id);
    const decided = decisions.filter((d) => d.plannedSessionId === s.id && d.dose !== null).at(-1);
    // The response to a dose is the first score after that session's discharge and before the next one.
    const until = given[i + 1] ? charts.get((given[i + 1] as StoredSession).id)?.dischargedAt : null;
    const after = chart?.dischargedAt;
    const responseScore = after
      ? (responsePoints.find((p) => {
          const at = new Date(p.completedAt);
          return at > after && (!until || at < until) && p.total !== null;
        })?.total ?? null)
      : null;
    return {
      id: s.id,
      number: s.number,
      date: s.plannedOn,
      dose: decided?.dose ?? s.dose,
      unit: s.doseUnit,
      status: s.status,
      phaseId: s.phaseId,
      charted: chart ? { ...chart, ...judgeTolerability(chart), responseScore } : null,
    };
  });
  let suggestion: DoseSuggestion | null = null;
  let notSuggested: string | null = null;
  const uncharted = previousSessions.filter((s) => s.charted === null);
  if (uncharted.length > 0) {
    notSuggested = `Session(s) ${uncharted.map((s) => `#${s.number}`).join(', ')} were given without a chart in Ketaflow, so their tolerability is unknown: no titration is suggested; the prescriber sets the dose.`;
  } else if (given.length === 0 && found.protocol.phases[0]?.id !== plan.phaseId) {
    notSuggested = `This plan starts in a later phase (${plan.phaseId}): the first dose is the planned one, and no titration is suggested before sessions are charted.`;
  } else {
    suggestion = suggestNextDose(found.protocol, {
      baselineScore: response?.baseline?.total ?? null,
      sessions: previousSessions.map((s) => ({
        phaseId: s.phaseId,
        dose: s.dose,
        tolerated: s.charted?.tolerated ?? false,
        severeReaction: s.charted?.severeReaction ?? false,
        score: s.charted?.responseScore ?? null,
      })),
      plannedFirstDose: next.dose,
    });
  }
  const latestDecision = decisions.filter((d) => d.plannedSessionId === next.id).at(-1);
  return {
    next,
    protocol: found.protocol,
    view: {
      planId: plan.id,
      session: {
        id: next.id,
        number: next.number,
        date: next.plannedOn,
        plannedDose: next.dose,
        unit: next.doseUnit,
        doseDecision: latestDecision ? decisionView(latestDecision) : null,
      },
      previousSessions: previousSessions.map(({ phaseId: _phase, ...rest }) => rest),
      response,
      scores,
      suggestion,
      notSuggested,
      sessionData:
        charts.size > 0
          ? { available: true, note: SESSION_DATA }
          : { available: false, note: NO_SESSION_DATA },
      applied: false,
    },
  };
}

export async function nextSessionSuggestion(ctx: Ctx, planId: string): Promise<NextSessionSuggestion> {
  const plan = await planOrThrow(ctx, planId);
  const { view } = await suggestionFor(ctx, plan);
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'dose_suggestion',
    entityId: view.session.id,
    patientId: plan.patientId,
    details: { planId, action: view.suggestion?.action ?? null },
  });
  return view;
}

/**
 * The prescriber accepts the suggestion or sets another dose with a reason (password re-entered).
 * The decision is stored beside the planned session with the suggestion it answered; the planned
 * dose itself is never overwritten.
 */
export async function decideSessionDose(
  ctx: Ctx,
  planId: string,
  sessionId: string,
  input: {
    action: 'accept' | 'change';
    dose?: number | undefined;
    reason?: string | null | undefined;
    aboveLimitReason?: string | null | undefined;
    password: string;
  },
): Promise<DoseDecisionView> {
  const plan = await planOrThrow(ctx, planId);
  const { next, view, protocol } = await suggestionFor(ctx, plan);
  if (next.id !== sessionId) {
    const exists = (await listSessions(ctx.db, ctx.orgId, planId)).some((s) => s.id === sessionId);
    if (!exists) throw new AppError('not-found', 'No such session in this plan.');
    throw new AppError('conflict', `Doses are decided for the next planned session (number ${next.number}).`);
  }
  const phase = protocol.phases.find((p) => p.id === next.phaseId) as ProtocolPhase;
  let dose: number | null;
  if (input.action === 'accept') {
    if (!view.suggestion) {
      throw invalid([
        {
          field: 'body.action',
          message: `There is no suggestion to accept: ${view.notSuggested ?? ''} Change the dose with a reason instead.`,
        },
      ]);
    }
    dose = view.suggestion.dose;
  } else {
    const problems: FieldError[] = [];
    if (input.dose === undefined)
      problems.push({ field: 'body.dose', message: 'Give the dose you decide on.' });
    if (!isWrittenReason(input.reason))
      problems.push({ field: 'body.reason', message: 'Write why you change the suggested dose.' });
    if (problems.length > 0) throw invalid(problems);
    dose = input.dose as number;
  }
  let calculation: DoseCalculation | null = null;
  if (dose !== null) {
    const result = calculateDose(plan.dosing, dose);
    if (!result.ok) throw invalid(result.problems);
    calculation = result.calculation;
  }
  const max = phase.maxDose.value;
  if (dose !== null && dose > max && !isWrittenReason(input.aboveLimitReason)) {
    throw invalid([
      {
        field: 'body.aboveLimitReason',
        message: `${dose} ${next.doseUnit} is above the protocol’s maximum of ${max} ${next.doseUnit}: write the reason for the higher dose.`,
      },
    ]);
  }
  const signer = await confirmSigner(ctx, input.password, 'dose decision', plan.patientId);
  const meaning =
    dose === null
      ? `Dose decision for session ${next.number}: I hold the dose until I have reviewed the patient`
      : `Dose decision for session ${next.number}: I order ${dose} ${next.doseUnit} (${calculation?.doseMg} mg)`;
  const row: Omit<StoredDoseDecision, 'id'> = {
    plannedSessionId: next.id,
    suggestion: view.suggestion,
    action: input.action,
    dose,
    doseUnit: next.doseUnit,
    doseMg: calculation?.doseMg ?? null,
    calculation,
    reason: isWrittenReason(input.reason) ? input.reason.trim() : null,
    aboveLimitReason: dose !== null && dose > max ? (input.aboveLimitReason as string).trim() : null,
    signedBy: signer.userId,
    signerName: signer.printedName,
    signatureMeaning: meaning,
    signedAt: signer.signedAt,
  };
  const id = await ctx.db.transaction().execute(async (trx) => {
    const decisionId = await insertDoseDecision(trx, {
      ...row,
      orgId: ctx.orgId,
      patientId: plan.patientId,
      planId,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'dose_decision',
      entityId: decisionId,
      patientId: plan.patientId,
      details: {
        planId,
        plannedSessionId: next.id,
        action: input.action,
        suggested: view.suggestion?.action ?? null,
        dose,
        unit: next.doseUnit,
        aboveLimit: row.aboveLimitReason !== null,
      },
    });
    return decisionId;
  });
  return decisionView({ ...row, id });
}
