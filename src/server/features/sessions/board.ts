import type { ProtocolPhase } from '../../../domain/protocols/types.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { listLocationChairs } from '../schedule/service.ts';
import { isFinished, type Phase, type VitalsDueView } from './chart-state.ts';
import { protocolPhaseOf } from './protocol-phase.ts';
import { findLocationZone, findSessionHeader, listLocationSessions, type SessionRow } from './store.ts';
import { type AlertView, alertView, minutesSince, sessionFacts } from './view.ts';

export type BoardChair = {
  chairId: string;
  chairName: string;
  session: {
    id: string;
    patientId: string;
    patientName: string;
    mrn: string;
    route: 'iv-ketamine' | 'esketamine';
    phase: Phase;
    checkedInAt: string;
    doseStartedAt: string | null;
    minutesSinceDose: number | null;
    nextVitalsDue: VitalsDueView | null;
    activeAlerts: AlertView[];
    signed: boolean;
  } | null;
};

export type Board = {
  location: { id: string; name: string; timeZone: string };
  at: string;
  chairs: BoardChair[];
};

/** The session a chair shows: the one still in progress, else the last one of the day. */
function current(sessions: SessionRow[]): SessionRow | undefined {
  return sessions.find((s) => !isFinished(s.status)) ?? sessions.at(-1);
}

/** Every chair of a location with today's patient in it; each patient shown is audited as read. */
export async function readBoard(ctx: Ctx, locationId: string): Promise<Board> {
  const location = await findLocationZone(ctx.db, ctx.orgId, locationId);
  if (!location) throw new AppError('not-found', 'No such location in this clinic.');
  const [chairs, sessions] = await Promise.all([
    listLocationChairs(ctx, locationId),
    listLocationSessions(ctx.db, ctx.orgId, locationId, location.timeZone, ctx.now),
  ]);
  const phases = new Map<string, ProtocolPhase>();
  const rows: BoardChair[] = [];
  for (const chair of chairs) {
    const session = current(sessions.filter((s) => s.chair_id === chair.id));
    if (!session && !chair.active) continue;
    if (!session) {
      rows.push({ chairId: chair.id, chairName: chair.name, session: null });
      continue;
    }
    const key = `${session.protocol_id}/${session.protocol_version}/${session.phase_id}`;
    let phase = phases.get(key);
    if (!phase) {
      phase = await protocolPhaseOf(ctx.db, session);
      phases.set(key, phase);
    }
    const [facts, header] = await Promise.all([
      sessionFacts(ctx.db, session, phase, ctx.now),
      findSessionHeader(ctx.db, session),
    ]);
    rows.push({
      chairId: chair.id,
      chairName: chair.name,
      session: {
        id: session.id,
        patientId: session.patient_id,
        patientName: header.patientName,
        mrn: header.mrn,
        route: session.route,
        phase: facts.phase,
        checkedInAt: session.checked_in_at.toISOString(),
        doseStartedAt: session.dose_started_at?.toISOString() ?? null,
        minutesSinceDose: isFinished(session.status) ? null : minutesSince(session.dose_started_at, ctx.now),
        nextVitalsDue: facts.nextVitalsDue,
        activeAlerts: facts.alerts.filter((a) => !a.acknowledged_at).map(alertView),
        signed: session.signed_at !== null,
      },
    });
  }
  const shown = rows.flatMap((r) => (r.session ? [r.session] : []));
  await audit(
    ctx.db,
    ctx,
    ...shown.map((s) => ({
      action: 'read' as const,
      entityType: 'treatment_session',
      entityId: s.id,
      patientId: s.patientId,
      details: { via: 'board' },
    })),
  );
  return { location, at: ctx.now.toISOString(), chairs: rows };
}
