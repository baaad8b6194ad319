import type { SessionEndKind, SessionNotDosedReason } from '../../db/schema.ts';
import type { SessionRow } from './store.ts';

/** How a session ended without a discharge, as the chart shows it. */
export type SessionEndingView = {
  kind: SessionEndKind;
  /** Why the patient was not dosed (`not-dosed` only). */
  reason: SessionNotDosedReason | null;
  note: string | null;
  /** A transfer: where to and by whom. */
  destination: string | null;
  transferredBy: string | null;
  /** Leaving against medical advice: what the patient was told. */
  adviceGiven: string | null;
  /** When it happened (for a patient not dosed: when it was recorded). */
  at: string;
  recordedAt: string;
  byUserId: string;
  byName: string;
  afterDose: boolean;
};

export const END_KIND_WORDS: Record<SessionEndKind, string> = {
  'not-dosed': 'not dosed',
  transferred: 'transferred to emergency care',
  'left-against-advice': 'left against medical advice',
};

export function endingView(row: SessionRow): SessionEndingView | null {
  if (!row.end_kind || !row.ended_at || !row.end_recorded_at || !row.ended_by) return null;
  return {
    kind: row.end_kind,
    reason: row.end_reason,
    note: row.end_note,
    destination: row.transfer_destination,
    transferredBy: row.transferred_by,
    adviceGiven: row.advice_given,
    at: row.ended_at.toISOString(),
    recordedAt: row.end_recorded_at.toISOString(),
    byUserId: row.ended_by,
    byName: row.ender_name ?? '',
    afterDose: row.dose_started_at !== null,
  };
}
