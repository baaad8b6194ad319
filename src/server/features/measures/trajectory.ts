import { getInstrument, isInstrumentId } from '../../../domain/instruments/index.ts';
import {
  buildOutcomePolicy,
  computeTrajectory,
  describeOutcomeStatus,
  OUTCOME_INSTRUMENT_IDS,
  type OutcomeInstrumentId,
} from '../../../domain/outcomes/index.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { readSettings } from '../settings/store.ts';
import { listResponses } from './store.ts';

export type TrajectorySeries = {
  instrument: string;
  name: string;
  maxTotal: number | null;
  points: {
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
  }[];
  items: { id: string; name: string }[];
  baseline: { responseId: string; completedAt: string; total: number } | null;
  /** The total at or below which a score is a response (half the baseline), when there is a baseline. */
  responseLine: number | null;
  remissionLine: {
    value: number;
    operator: '<' | '<=';
    rule: string;
    evidence: readonly string[];
    clinicPolicy: boolean;
  } | null;
  status: string | null;
};

export type TrajectoryView = {
  treatmentDates: { date: string; description: string }[];
  series: TrajectorySeries[];
};

/** Every instrument's scores over time, with baseline, response and remission where defined. */
export async function readTrajectory(ctx: Ctx, patientId: string): Promise<TrajectoryView> {
  const patient = await ctx.db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', patientId)
    .executeTakeFirst();
  if (!patient) throw new AppError('not-found', 'No such patient in this clinic.');
  const [responses, events, settings] = await Promise.all([
    listResponses(ctx.db, ctx.orgId, patientId),
    ctx.db
      .selectFrom('treatment_events')
      .select(['occurred_on', 'description'])
      .where('org_id', '=', ctx.orgId)
      .where('patient_id', '=', patientId)
      .orderBy('occurred_on')
      .execute(),
    readSettings(ctx.db, ctx.orgId),
  ]);
  const policy = buildOutcomePolicy({
    madrsRemission: settings.madrsRemissionMax === 12 ? 'aspire-2023' : 'daly-2018',
  });
  const firstTreatmentDate = events[0]?.occurred_on ?? null;
  const byInstrument = new Map<string, typeof responses>();
  for (const r of responses) byInstrument.set(r.instrument, [...(byInstrument.get(r.instrument) ?? []), r]);

  const series: TrajectorySeries[] = [];
  for (const [instrument, list] of byInstrument) {
    if (!isInstrumentId(instrument)) continue;
    const definition = getInstrument(instrument);
    const isOutcome = (OUTCOME_INSTRUMENT_IDS as readonly string[]).includes(instrument);
    const trajectory = isOutcome
      ? computeTrajectory({
          instrument: instrument as OutcomeInstrumentId,
          measurements: list
            .filter((r) => r.total !== null)
            .map((r) => ({ date: r.completedAt, total: r.total as number })),
          firstTreatmentDate,
          policy,
        })
      : undefined;
    const baselineResponse = trajectory?.baseline
      ? list.find(
          (r) => r.completedAt === trajectory.baseline?.date && r.total === trajectory.baseline?.total,
        )
      : undefined;
    const pointByDate = new Map(trajectory?.points.map((p) => [p.date, p]));
    const remission = isOutcome ? policy.remission[instrument as OutcomeInstrumentId] : undefined;
    series.push({
      instrument,
      name: definition.shortName,
      maxTotal: definition.total?.max ?? null,
      items: definition.items.map((item) => ({ id: item.id, name: item.name })),
      points: list.map((r) => {
        const point = pointByDate.get(r.completedAt);
        return {
          responseId: r.id,
          completedAt: r.completedAt,
          total: r.total,
          severity: r.severity,
          suicideRisk: r.suicideRisk,
          source: r.source,
          itemScores: r.answers,
          percentChange: point?.percentChange ?? null,
          response: point?.response ?? false,
          remission: point?.remission ?? false,
        };
      }),
      baseline:
        baselineResponse && trajectory?.baseline
          ? {
              responseId: baselineResponse.id,
              completedAt: baselineResponse.completedAt,
              total: trajectory.baseline.total,
            }
          : null,
      responseLine: trajectory?.baseline
        ? trajectory.baseline.total * (1 - policy.response.reductionPercent / 100)
        : null,
      remissionLine: remission
        ? {
            value: remission.value,
            operator: remission.operator,
            rule: remission.description,
            evidence: remission.evidence,
            clinicPolicy: remission.clinicPolicy === true,
          }
        : null,
      status: trajectory ? describeOutcomeStatus(trajectory) : null,
    });
  }
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'measure_trajectory',
    entityId: patientId,
    patientId,
  });
  return { treatmentDates: events.map((e) => ({ date: e.occurred_on, description: e.description })), series };
}
