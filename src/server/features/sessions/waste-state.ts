import type { Executor } from '../../context.ts';
import type { FieldError } from '../../http/problem.ts';
import type { SessionLedgerState, SessionWasteView } from '../inventory/service.ts';
import { sessionLedgerState } from '../inventory/service.ts';
import type { SessionPolicies } from '../settings/session-policies.ts';
import type { AdministrationRow } from './store.ts';

// A partly used container asks for witnessed waste before the note can be signed (issue 6, item 8):
// the dose came out of the ledger with the administration, and what is left in the vial it opened is
// wasted in front of a witness, in the ledger, naming that administration.

/** What the chart still has to waste from the container the dose was drawn from. */
export type WasteDue = {
  quantity: number;
  unit: 'mg' | 'device';
  lotId: string;
  lotNumber: string;
  cabinetId: string;
  administrationEntryId: string;
};

export type AdministrationLedgerView = { wasteDue: WasteDue | null; waste: SessionWasteView | null };

export async function ledgerStateOf(
  db: Executor,
  orgId: string,
  administration: AdministrationRow | undefined,
  policies: SessionPolicies,
): Promise<SessionLedgerState | null> {
  if (!administration?.ledger_entry_id) return null;
  const state = await sessionLedgerState(db, orgId, administration.ledger_entry_id);
  // A clinic that keeps opened vials in stock owes no waste; one recorded anyway still shows.
  return state && !policies.wasteOpenVial.value ? { ...state, outstanding: 0 } : state;
}

function dueOf(state: SessionLedgerState | null): WasteDue | null {
  if (!state || state.outstanding <= 0) return null;
  const entry = state.administration;
  return {
    quantity: state.outstanding,
    unit: entry.baseUnit,
    lotId: entry.lotId,
    lotNumber: entry.lotNumber,
    cabinetId: entry.cabinetId,
    administrationEntryId: entry.id,
  };
}

function amount(quantity: number, unit: 'mg' | 'device'): string {
  return unit === 'mg' ? `${quantity} mg` : `${quantity} device${quantity === 1 ? '' : 's'}`;
}

export function leftIn(state: SessionLedgerState, quantity: number): string {
  const container = state.form === 'vial' ? 'vial' : 'pack';
  return `${amount(quantity, state.administration.baseUnit)} left in the ${container} of lot ${state.administration.lotNumber}`;
}

/** The chart's view of the administration's ledger side: the waste still due, or the waste recorded. */
export async function administrationLedgerView(
  db: Executor,
  orgId: string,
  administration: AdministrationRow | undefined,
  policies: SessionPolicies,
): Promise<AdministrationLedgerView> {
  const state = await ledgerStateOf(db, orgId, administration, policies);
  return { wasteDue: dueOf(state), waste: state?.waste ?? null };
}

/** The missing item that holds the signature while the open container's remainder is not wasted. */
export async function wasteMissingForSignature(
  db: Executor,
  orgId: string,
  administration: AdministrationRow | undefined,
  policies: SessionPolicies,
): Promise<FieldError | null> {
  const state = await ledgerStateOf(db, orgId, administration, policies);
  if (!state || state.outstanding <= 0) return null;
  return {
    field: 'administration.waste',
    message: `Record the witnessed waste of ${leftIn(state, state.outstanding)}.`,
  };
}
