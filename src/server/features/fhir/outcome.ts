import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { AppError, type FieldError, type ProblemCode } from '../../http/problem.ts';

export type IssueType = OperationOutcomeIssue['code'];

/** An AppError that also names the FHIR issue type, where the problem code alone is too coarse. */
export class FhirError extends AppError {
  constructor(
    code: ProblemCode,
    detail: string,
    readonly issueType: IssueType,
  ) {
    super(code, detail);
  }
}

const ISSUE_TYPE_OF: Record<ProblemCode, IssueType> = {
  'validation-failed': 'invalid',
  'malformed-request': 'structure',
  unauthenticated: 'login',
  'mfa-required': 'login',
  'session-locked': 'login',
  forbidden: 'forbidden',
  'mfa-enrollment-required': 'forbidden',
  'csrf-failed': 'forbidden',
  'not-found': 'not-found',
  conflict: 'conflict',
  'payload-too-large': 'too-costly',
  'unsupported-media-type': 'not-supported',
  'too-many-requests': 'throttled',
  'internal-error': 'exception',
  unavailable: 'transient',
};

export function issueTypeOf(code: ProblemCode): IssueType {
  return ISSUE_TYPE_OF[code];
}

/** One issue for the failure, then one per field it names (as the problem+json `errors` list does). */
export function operationOutcome(
  issueType: IssueType,
  detail: string,
  fields: readonly FieldError[] = [],
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      { severity: 'error', code: issueType, diagnostics: detail },
      ...fields.map(
        (f): OperationOutcomeIssue => ({
          severity: 'error',
          code: issueType,
          diagnostics: `${f.field}: ${f.message}`,
        }),
      ),
    ],
  };
}
