import { sql } from 'kysely';
import {
  type BaseUnit,
  openContainerRemainder,
  parseTenths,
  type Tenths,
} from '../../../domain/ledger/quantity.ts';
import type { Executor } from '../../context.ts';
import type { EntryDraft, Product } from './store.ts';

// Only what an administration left in the container it opened can be wasted against it: the chart and
// the inventory screen both waste it, so the ledger checks it under its own lock, where neither path
// can slip past the other. A waste beyond it would record drug that never existed (dea-1304-22).

export type AdministrationRemainder = {
  form: Product['form'];
  baseUnit: BaseUnit;
  /** What the administration left in the container it opened. */
  remainder: Tenths;
  /** What the waste entries naming the administration already account for. */
  wasted: Tenths;
};

export async function administrationRemainder(
  db: Executor,
  orgId: string,
  administrationEntryId: string,
): Promise<AdministrationRemainder | undefined> {
  const result = await sql<{
    form: Product['form'];
    base_unit: BaseUnit;
    units_per_container: string;
    quantity: string;
    balance_after: string;
    wasted: string;
  }>`
    SELECT p.form, p.base_unit, p.units_per_container::text AS units_per_container,
      a.quantity::text AS quantity, a.balance_after::text AS balance_after,
      (SELECT coalesce(-sum(w.quantity), 0)::text FROM ledger_entries w
        WHERE w.org_id = a.org_id AND w.related_entry_id = a.id AND w.kind = 'waste') AS wasted
    FROM ledger_entries a JOIN cs_products p ON p.id = a.product_id
    WHERE a.org_id = ${orgId} AND a.id = ${administrationEntryId} AND a.kind = 'administration'`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const dose = -parseTenths(row.quantity);
  // Each nasal device is sealed and used whole: the devices left in a carton are stock, not waste.
  const remainder =
    row.form === 'vial'
      ? openContainerRemainder(
          parseTenths(row.balance_after) + dose,
          dose,
          parseTenths(row.units_per_container),
        )
      : 0;
  return { form: row.form, baseUnit: row.base_unit, remainder, wasted: parseTenths(row.wasted) };
}

/** A waste naming an administration for more than it left, less what is already wasted against it. */
export class WasteBeyondRemainder extends Error {
  constructor(readonly state: AdministrationRemainder) {
    super('waste beyond the remainder');
  }
}

/** Call under the ledger's lock, so that no other waste of the same remainder is written meanwhile. */
export async function refuseWasteBeyondRemainder(
  trx: Executor,
  orgId: string,
  drafts: EntryDraft[],
): Promise<void> {
  const wastedInBatch = new Map<string, Tenths>();
  for (const draft of drafts) {
    const administrationId = draft.relatedEntryId;
    if (draft.kind !== 'waste' || !administrationId) continue;
    const state = await administrationRemainder(trx, orgId, administrationId);
    if (!state) throw new Error(`waste names ${administrationId}, which is no administration here`);
    const earlier = wastedInBatch.get(administrationId) ?? 0;
    const wasted = state.wasted + earlier;
    if (-draft.quantity > state.remainder - wasted) {
      throw new WasteBeyondRemainder({ ...state, wasted });
    }
    wastedInBatch.set(administrationId, earlier - draft.quantity);
  }
}
