import type {
  Coding,
  Extension,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemEnableWhen,
} from '@medplum/fhirtypes';
import type { InstrumentDefinition, InstrumentItem } from '../../../domain/instruments/index.ts';

export const LOINC = 'http://loinc.org';
/** Answers with no LOINC answer code: the code is the answer's value on the instrument's scale. */
export const ANSWER_SYSTEM = 'urn:ketaflow:answer';
const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const MIN_VALUE = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';

export function questionnaireUrl(base: string, instrument: string): string {
  return `${base}/Questionnaire/${instrument}`;
}

/** Clinician-rated scales are answered with the rating itself (valueInteger), not a coded option. */
export function answersAreIntegers(definition: InstrumentDefinition): boolean {
  return definition.rater === 'clinician';
}

/**
 * What an item is called: its wording where the licence lets Ketaflow ship it, otherwise its short
 * name. A clinic's text pack is never used here: that wording is licensed to the clinic, not for
 * publication, and this resource is public.
 */
export function itemText(definition: InstrumentDefinition, item: InstrumentItem): string {
  return definition.licence.shipsText ? (item.text ?? item.name) : item.name;
}

export function answerCoding(definition: InstrumentDefinition, item: InstrumentItem, value: number): Coding {
  const option = item.options.find((o) => o.value === value);
  const label = definition.licence.shipsText ? option?.label : undefined;
  const display = label ? { display: label } : {};
  if (option?.loinc) return { system: LOINC, code: option.loinc.code, ...display };
  return { system: ANSWER_SYSTEM, code: String(value), ...display };
}

/** `[A-Z][A-Za-z0-9_]*`, as Questionnaire.name must be: PHQ-9 becomes PHQ9. */
function computableName(shortName: string): string {
  return shortName.replace(/[^A-Za-z0-9]/g, '');
}

function enableWhen(
  definition: InstrumentDefinition,
  item: InstrumentItem,
): QuestionnaireItemEnableWhen[] | undefined {
  const presence = item.presence;
  if (presence.kind !== 'when') return undefined;
  const condition = definition.items.find((i) => i.id === presence.item);
  if (!condition) return undefined;
  return [
    answersAreIntegers(definition)
      ? { question: condition.id, operator: '=', answerInteger: presence.equals }
      : {
          question: condition.id,
          operator: '=',
          answerCoding: answerCoding(definition, condition, presence.equals),
        },
  ];
}

function toItem(definition: InstrumentDefinition, item: InstrumentItem): QuestionnaireItem {
  const values = item.options.map((o) => o.value);
  const when = enableWhen(definition, item);
  const base: QuestionnaireItem = {
    linkId: item.id,
    ...(item.loinc ? { code: [{ system: LOINC, code: item.loinc.code }] } : {}),
    prefix: item.number,
    text: itemText(definition, item),
    type: 'choice',
    ...(when ? { enableWhen: when } : {}),
    // A conditional item is required whenever it is shown; one-of groups cannot be said in R4.
    required: item.presence.kind === 'required' || item.presence.kind === 'when',
  };
  if (answersAreIntegers(definition)) {
    const range: Extension[] = [
      { url: MIN_VALUE, valueInteger: Math.min(...values) },
      { url: MAX_VALUE, valueInteger: Math.max(...values) },
    ];
    return { ...base, extension: range, type: 'integer' };
  }
  return {
    ...base,
    answerOption: item.options.map((option) => ({
      extension: [{ url: ORDINAL_VALUE, valueDecimal: option.value }],
      valueCoding: answerCoding(definition, item, option.value),
    })),
  };
}

export function toQuestionnaire(definition: InstrumentDefinition, base: string): Questionnaire {
  const panel = definition.loinc.panel;
  const stem: QuestionnaireItem[] =
    definition.licence.shipsText && definition.stem
      ? [{ linkId: 'stem', text: definition.stem, type: 'display' }]
      : [];
  return {
    resourceType: 'Questionnaire',
    id: definition.id,
    url: questionnaireUrl(base, definition.id),
    name: computableName(definition.shortName),
    title: definition.name,
    // An instrument that ships disabled waits for a clinic's text pack before it can be used.
    status: definition.enabled ? 'active' : 'draft',
    subjectType: ['Patient'],
    description: definition.scoring.description,
    ...(definition.licence.copyright ? { copyright: definition.licence.copyright } : {}),
    ...(panel ? { code: [{ system: LOINC, code: panel.code }] } : {}),
    item: [...stem, ...definition.items.map((item) => toItem(definition, item))],
  };
}
