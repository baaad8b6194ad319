import type { SearchParamSpec } from './search-params.ts';

const SP = 'http://hl7.org/fhir/SearchParameter';

const LAST_UPDATED: SearchParamSpec = {
  name: '_lastUpdated',
  type: 'date',
  definition: `${SP}/Resource-lastUpdated`,
  documentation: 'When the resource last changed; prefixes eq, gt, lt, ge, le.',
};

export const PATIENT_PARAMS: readonly SearchParamSpec[] = [
  {
    name: 'identifier',
    type: 'token',
    definition: `${SP}/Patient-identifier`,
    documentation: 'The MRN, as `value` or `urn:ketaflow:mrn:<organisation id>|value`.',
  },
  {
    name: 'name',
    type: 'string',
    definition: `${SP}/Patient-name`,
    documentation: 'Start of any part of the legal or preferred name, ignoring case.',
  },
  {
    name: 'birthdate',
    type: 'date',
    definition: `${SP}/individual-birthdate`,
    documentation: 'Date of birth (YYYY, YYYY-MM or YYYY-MM-DD); prefixes eq, gt, lt, ge, le.',
  },
  { ...LAST_UPDATED, documentation: 'When the record was last edited; prefixes eq, gt, lt, ge, le.' },
];

export const QUESTIONNAIRE_PARAMS: readonly SearchParamSpec[] = [
  {
    name: 'url',
    type: 'uri',
    definition: `${SP}/Questionnaire-url`,
    documentation: 'The canonical URL, `<base>/Questionnaire/<instrument id>`.',
  },
];

const RESPONSE_LAST_UPDATED: SearchParamSpec = {
  ...LAST_UPDATED,
  documentation: 'When the questionnaire was completed (responses are never changed afterwards).',
};

export const RESPONSE_PARAMS: readonly SearchParamSpec[] = [
  {
    name: 'patient',
    type: 'reference',
    definition: `${SP}/QuestionnaireResponse-patient`,
    documentation: 'The patient: `Patient/<id>` or `<id>`.',
  },
  {
    name: 'questionnaire',
    type: 'reference',
    definition: `${SP}/QuestionnaireResponse-questionnaire`,
    documentation: 'The questionnaire: its canonical URL, `Questionnaire/<id>` or the instrument id (phq9).',
  },
  {
    name: 'authored',
    type: 'date',
    definition: `${SP}/QuestionnaireResponse-authored`,
    documentation: 'When it was completed; prefixes eq, gt, lt, ge, le.',
  },
  RESPONSE_LAST_UPDATED,
];

export const OBSERVATION_PARAMS: readonly SearchParamSpec[] = [
  {
    name: 'patient',
    type: 'reference',
    definition: `${SP}/clinical-patient`,
    documentation: 'The patient: `Patient/<id>` or `<id>`.',
  },
  {
    name: 'code',
    type: 'token',
    definition: `${SP}/clinical-code`,
    documentation:
      'LOINC code, as `44261-6` or `http://loinc.org|44261-6`; comma-separated codes match any of them.',
  },
  {
    name: 'date',
    type: 'date',
    definition: `${SP}/clinical-date`,
    documentation: 'When the questionnaire was completed; prefixes eq, gt, lt, ge, le.',
  },
  RESPONSE_LAST_UPDATED,
];
