import type { Executor } from '../../context.ts';
import type { SessionPolicies } from '../settings/service.ts';
import { type EntryFact, type GateState, gateState } from './chart-state.ts';
import { listEntries, listGateDecisions, type SessionRow } from './store.ts';

/** A session's stored entries as the chart's rules read them. */
export function entryFacts(rows: Awaited<ReturnType<typeof listEntries>>): EntryFact[] {
  return rows.map((e) => ({
    id: e.id,
    kind: e.kind,
    preDose: e.pre_dose,
    clientAt: e.client_at,
    data: e.data,
  }));
}

/** The pre-dose gate of a stored session: its entries and the prescribers' decisions, read in `db`. */
export async function readGate(
  db: Executor,
  orgId: string,
  session: Pick<SessionRow, 'id' | 'policies' | 'route'>,
): Promise<GateState> {
  const entries = entryFacts(await listEntries(db, orgId, session.id));
  const decisions = await listGateDecisions(db, orgId, session.id);
  return gateState(entries, decisions, session.policies as SessionPolicies, session.route);
}
