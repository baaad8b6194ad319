import type { Vitals } from '../../../domain/monitoring/index.ts';
import type { AdverseEffectItem } from '../../../domain/rems/monitoring-form.ts';

import type { SessionView } from '../sessions/service.ts';
import type { Answers, SessionRecord, SubmissionRow } from './store.ts';

export type { FieldSource, FormField, FormSection, RemsForm } from '../../../domain/rems/form-shape.ts';

export type FormFacts = {
  record: SessionRecord;
  view: SessionView;
  provider: { name: string; email: string } | null;
  enrolment: { enrolledAt: string; reference: string | null } | null;
  firstTreatment: boolean;
  answers: Answers;
  previous: { sessionId: string; answers: Answers } | null;
  adverseEffectItems: AdverseEffectItem[];
  seriousAdverseEvents: { id: string; eventDate: string; outcomes: string[] }[];
  submission: SubmissionRow | undefined;
};

export type Check = { at: number; vitals: Vitals; moaas?: number; dissociation?: number };

export const yesNo = (v: boolean) => (v ? 'Yes' : 'No');

export function checksOf(view: SessionView): { pre: Check[]; post: Check[] } {
  const all = view.entries
    .filter((e) => e.kind === 'check')
    .map((e) => ({
      preDose: e.preDose,
      at: Date.parse(e.clientAt),
      vitals: (e.data.vitals ?? {}) as Vitals,
      moaas: e.data.moaas as number | undefined,
      dissociation: e.data.dissociation as number | undefined,
    }));
  return { pre: all.filter((c) => c.preDose), post: all.filter((c) => !c.preDose) };
}

export const hasBp = (c: Check) =>
  c.vitals.systolicMmHg !== undefined && c.vitals.diastolicMmHg !== undefined;
export const bp = (c: Check | undefined) =>
  c ? `${c.vitals.systolicMmHg}/${c.vitals.diastolicMmHg} mmHg` : null;

export function answer(answers: Answers, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Answers)[k] : undefined), answers);
}
