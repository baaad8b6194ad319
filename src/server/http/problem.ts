/** RFC 9457 problem details, and the one error type that use cases throw. */
export type FieldError = { field: string; message: string };

export const PROBLEMS = {
  'validation-failed': { status: 400, title: 'Your request has invalid fields' },
  'malformed-request': { status: 400, title: 'The request could not be read' },
  unauthenticated: { status: 401, title: 'Sign-in required' },
  'mfa-required': { status: 401, title: 'Authenticator code required' },
  'session-locked': { status: 401, title: 'Session locked after inactivity' },
  forbidden: { status: 403, title: 'Not allowed' },
  'mfa-enrollment-required': { status: 403, title: 'Set up two-factor authentication first' },
  'csrf-failed': { status: 403, title: 'Missing or wrong CSRF token' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Something went wrong on our side' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

export class AppError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly fields?: FieldError[],
    readonly headers?: Record<string, string>,
    /** RFC 9457 extension members, such as the records a conflict is with. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail);
  }

  get status(): number {
    return PROBLEMS[this.code].status;
  }
}

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
};

export function problemBody(
  code: ProblemCode,
  detail: string,
  fields?: FieldError[],
  instance?: string,
): ProblemBody {
  const { status, title } = PROBLEMS[code];
  return {
    type: `/problems/${code}`,
    title,
    status,
    detail,
    ...(instance ? { instance } : {}),
    ...(fields?.length ? { errors: fields } : {}),
  };
}
