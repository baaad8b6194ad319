import type { Executor } from '../../context.ts';
import type { EntryDraft } from './store.ts';

/**
 * What an administration entry keeps of the person it was given to. 21 CFR 1304.22(c) asks for the
 * name and address of the person dispensed to (`dea-1304-22`) as a record of that day: kept in the
 * entry's hashed `details`, a later edit of the patient's chart cannot rewrite it, and the hash
 * chain covers it. A missing address never holds back the dose (clinical care first); the entry
 * says it was missing instead.
 */
export type RecipientDetails = {
  patientName: string;
  /** One line, as the report prints it; null when the chart had no address. */
  patientAddress: string | null;
  patientAddressMissing?: true;
};

type PatientRow = {
  id: string;
  legal_given_name: string;
  legal_family_name: string;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
};

export function recipientDetails(row: Omit<PatientRow, 'id'>): RecipientDetails {
  const parts = [row.address_line1, row.address_line2, row.city, row.state, row.postal_code];
  const address = parts.filter((part) => part?.trim()).join(', ');
  return {
    patientName: `${row.legal_given_name} ${row.legal_family_name}`,
    ...(row.address_line1?.trim()
      ? { patientAddress: address }
      : { patientAddress: null, patientAddressMissing: true }),
  };
}

/** Adds the recipient's name and address, as the chart has them now, to each administration draft. */
export async function withRecipients(
  trx: Executor,
  orgId: string,
  drafts: EntryDraft[],
): Promise<EntryDraft[]> {
  const ids = [
    ...new Set(drafts.flatMap((d) => (d.kind === 'administration' && d.patientId ? [d.patientId] : []))),
  ];
  if (ids.length === 0) return drafts;
  const rows = await trx
    .selectFrom('patients')
    .select([
      'id',
      'legal_given_name',
      'legal_family_name',
      'address_line1',
      'address_line2',
      'city',
      'state',
      'postal_code',
    ])
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return drafts.map((draft) => {
    const row = draft.kind === 'administration' && draft.patientId ? byId.get(draft.patientId) : undefined;
    return row ? { ...draft, details: { ...draft.details, ...recipientDetails(row) } } : draft;
  });
}

/** The recipient an entry recorded when it was written, or null for entries from before it did. */
export function recordedRecipient(details: Record<string, unknown>): RecipientDetails | null {
  if (typeof details.patientName !== 'string') return null;
  return {
    patientName: details.patientName,
    patientAddress: typeof details.patientAddress === 'string' ? details.patientAddress : null,
  };
}
