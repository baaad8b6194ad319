import type { QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { getInstrument, type InstrumentId } from '../../../domain/instruments/index.ts';
import { answerCoding, answersAreIntegers, itemText, questionnaireUrl } from './questionnaire.ts';
import type { ResponseRow } from './store.ts';

export const USER_SYSTEM = 'urn:ketaflow:user';

/**
 * Who answered: the patient through a link, a kiosk or staff asking them; a clinician rating them.
 * Staff appear as logical references, since this server does not serve Practitioner resources.
 */
function authorship(row: ResponseRow): Pick<QuestionnaireResponse, 'author' | 'source'> {
  const patient = { reference: `Patient/${row.patient_id}` };
  const staff = row.entered_by
    ? {
        author: { type: 'Practitioner' as const, identifier: { system: USER_SYSTEM, value: row.entered_by } },
      }
    : {};
  switch (row.source) {
    case 'patient-link':
    case 'kiosk':
      return { author: patient, source: patient };
    case 'staff-for-patient':
      return { ...staff, source: patient };
    case 'clinician-rated':
      return staff;
  }
}

export function toQuestionnaireResponse(row: ResponseRow, base: string): QuestionnaireResponse {
  const definition = getInstrument(row.instrument as InstrumentId);
  const items: QuestionnaireResponseItem[] = [];
  for (const item of definition.items) {
    const value = row.answers[item.id];
    // Not asked (a follow-up whose condition was not met) or not answered: no item at all.
    if (value === null || value === undefined) continue;
    items.push({
      linkId: item.id,
      text: itemText(definition, item),
      answer: [
        answersAreIntegers(definition)
          ? { valueInteger: value }
          : { valueCoding: answerCoding(definition, item, value) },
      ],
    });
  }
  return {
    resourceType: 'QuestionnaireResponse',
    id: row.id,
    meta: { versionId: '1', lastUpdated: row.completed_at.toISOString() },
    questionnaire: questionnaireUrl(base, definition.id),
    status: 'completed',
    subject: { reference: `Patient/${row.patient_id}` },
    authored: row.completed_at.toISOString(),
    ...authorship(row),
    ...(items.length ? { item: items } : {}),
  };
}
