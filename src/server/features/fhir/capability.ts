import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import type { SearchParamSpec } from './search-params.ts';
import { OBSERVATION_PARAMS, PATIENT_PARAMS, QUESTIONNAIRE_PARAMS, RESPONSE_PARAMS } from './search-specs.ts';

function resource(
  type: CapabilityStatementRestResource['type'],
  params: readonly SearchParamSpec[],
  documentation: string,
): CapabilityStatementRestResource {
  return {
    type,
    documentation,
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    searchParam: params.map((p) => ({
      name: p.name,
      definition: p.definition,
      type: p.type,
      documentation: p.documentation,
    })),
  };
}

/** What this server answers: read and search of four resource types, JSON only. */
export function capabilityStatement(base: string, now: Date): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    publisher: 'Ketaflow',
    kind: 'instance',
    software: { name: 'Ketaflow' },
    implementation: { description: 'Ketaflow FHIR R4 read and search', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Read and search only. Searches page with _count (default 50, at most 200) and _offset; an unknown search parameter is refused with 400. Dates without a time zone are read as UTC.',
        security: {
          cors: false,
          description:
            'Sign in through /api/v1/auth/login; the kf_session cookie authenticates. Patient needs the patients:read permission, QuestionnaireResponse and Observation need measures:read; this statement and Questionnaire are public. Every patient record returned is written to the audit trail.',
        },
        resource: [
          resource('Patient', PATIENT_PARAMS, 'Demographics, contacts and the MRN of the signed-in clinic.'),
          resource(
            'Questionnaire',
            QUESTIONNAIRE_PARAMS,
            'One per instrument (id = instrument id, e.g. phq9); search lists the instruments enabled without a text pack. Item wording only where its licence lets Ketaflow ship it.',
          ),
          resource(
            'QuestionnaireResponse',
            RESPONSE_PARAMS,
            'Completed questionnaires, never changed once stored.',
          ),
          resource(
            'Observation',
            OBSERVATION_PARAMS,
            'Derived from questionnaire responses: totals with a LOINC code (PHQ-9 44261-6, GAD-7 70274-6) as `<response id>-total`, and PHQ-9 item 9 (44260-8) as `<response id>-item9`.',
          ),
        ],
      },
    ],
  };
}
