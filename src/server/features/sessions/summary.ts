import { sql } from 'kysely';
import type { SessionObservations } from '../../../domain/monitoring/index.ts';
import type { Executor } from '../../context.ts';

export type ChartedSession = SessionObservations & {
  readonly sessionId: string;
  readonly plannedSessionId: string;
  readonly dischargedAt: Date | null;
};

/**
 * What the charts of the given planned sessions say about each dose: peak blood pressure, the deepest
 * sedation and dissociation, adverse events, alerts after the dose and an early stop. Feeds the next-dose suggestion.
 */
export async function chartedSessions(
  db: Executor,
  orgId: string,
  plannedSessionIds: readonly string[],
): Promise<Map<string, ChartedSession>> {
  if (plannedSessionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('treatment_sessions as s')
    .select([
      's.id',
      's.planned_session_id',
      's.discharged_at',
      sql<string | null>`(SELECT max((e.data->'vitals'->>'systolicMmHg')::numeric) FROM session_entries e
        WHERE e.org_id = s.org_id AND e.session_id = s.id AND e.kind = 'check')`.as('peak_systolic'),
      sql<string | null>`(SELECT max((e.data->'vitals'->>'diastolicMmHg')::numeric) FROM session_entries e
        WHERE e.org_id = s.org_id AND e.session_id = s.id AND e.kind = 'check')`.as('peak_diastolic'),
      sql<string | null>`(SELECT min((e.data->>'moaas')::numeric) FROM session_entries e
        WHERE e.org_id = s.org_id AND e.session_id = s.id AND e.kind = 'check')`.as('lowest_moaas'),
      sql<string | null>`(SELECT max((e.data->>'dissociation')::numeric) FROM session_entries e
        WHERE e.org_id = s.org_id AND e.session_id = s.id AND e.kind = 'check')`.as('highest_dissociation'),
      sql<{ event: string; severity: 'mild' | 'moderate' | 'severe' }[]>`coalesce((SELECT
        jsonb_agg(jsonb_build_object('event', e.data->>'event', 'severity', e.data->>'severity') ORDER BY e.client_at)
        FROM session_entries e WHERE e.org_id = s.org_id AND e.session_id = s.id AND e.kind = 'adverse-event'), '[]'::jsonb)`.as(
        'adverse_events',
      ),
      // An alert on a pre-dose reading is about the patient as they came in, not about the dose.
      sql<string[]>`coalesce((SELECT jsonb_agg(DISTINCT a.text) FROM session_alerts a
        JOIN session_administrations d ON d.org_id = a.org_id AND d.session_id = a.session_id
        WHERE a.org_id = s.org_id AND a.session_id = s.id AND a.raised_at >= d.started_at), '[]'::jsonb)`.as(
        'alerts_after_dose',
      ),
      sql<boolean>`EXISTS (SELECT 1 FROM session_administration_changes c
        WHERE c.org_id = s.org_id AND c.session_id = s.id AND c.change = 'stopped-early')`.as(
        'stopped_early',
      ),
    ])
    .where('s.org_id', '=', orgId)
    .where('s.planned_session_id', 'in', [...plannedSessionIds])
    .execute();
  const toNumber = (value: string | null) => (value === null ? null : Number(value));
  return new Map(
    rows.map((row) => [
      row.planned_session_id as string,
      {
        sessionId: row.id,
        plannedSessionId: row.planned_session_id as string,
        dischargedAt: row.discharged_at,
        peakSystolicMmHg: toNumber(row.peak_systolic),
        peakDiastolicMmHg: toNumber(row.peak_diastolic),
        lowestMoaas: toNumber(row.lowest_moaas),
        highestDissociation: toNumber(row.highest_dissociation),
        adverseEvents: row.adverse_events,
        stoppedEarly: row.stopped_early,
        alertsAfterDose: row.alerts_after_dose,
      },
    ]),
  );
}
