import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldError, type ProblemCode, problemBody } from './problem.ts';
import { wantsHtmlPage } from './wants-html.ts';

/** Renders the page a visitor's browser gets instead of problem+json; it is given only the status. */
export type ErrorPage = (status: number, method: string) => Promise<string>;

function fieldName(path: string, key: string | undefined): string {
  const base = path.replace(/^\/|\/$/g, '').replace(/\//g, '.');
  return [base, key].filter(Boolean).join('.') || 'body';
}

type DatabaseError = Error & { code: string; severity: string; table?: string; constraint?: string };

function isDatabaseError(error: unknown): error is DatabaseError {
  return (
    error instanceof Error && 'severity' in error && typeof (error as { code?: unknown }).code === 'string'
  );
}

/** PostgreSQL messages can quote the values of a row; log only where it failed, never what. */
function describeForLog(error: Error) {
  if (isDatabaseError(error)) {
    return { type: 'DatabaseError', pgCode: error.code, table: error.table, constraint: error.constraint };
  }
  return { type: error.name, message: error.message, stack: error.stack };
}

/**
 * A visitor without JavaScript who lands on an error must still see the crisis bar: browsers asking
 * for HTML outside the API get a page with the same status, built only from the status code.
 */
async function sendFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  body: { status: number },
  errorPage: ErrorPage | undefined,
) {
  reply.status(body.status);
  if (errorPage && wantsHtmlPage(request)) {
    const page = await errorPage(body.status, request.method);
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
  }
  return reply.type('application/problem+json').send(body);
}

/** One place turns every failure into RFC 9457 problem+json; the client never sees a stack or SQL. */
export function registerErrorHandling(app: FastifyInstance, options: { errorPage?: ErrorPage } = {}): void {
  app.setErrorHandler(async (error: FastifyError | AppError, request, reply) => {
    let code: ProblemCode;
    let detail: string;
    let fields: FieldError[] | undefined;
    if (error instanceof AppError) {
      code = error.code;
      detail = error.detail;
      fields = error.fields;
      for (const [name, value] of Object.entries(error.headers ?? {})) reply.header(name, value);
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      code = 'validation-failed';
      const where = error.validationContext ?? 'body';
      fields = error.validation.map((issue) => {
        const { keys } = issue.params as { keys?: string[] };
        const unknown = issue.keyword === 'unrecognized_keys' ? keys?.join(', ') : undefined;
        return {
          field: fieldName(`${where}${issue.instancePath}`, unknown),
          message: unknown ? `Unknown field: ${unknown}.` : (issue.message ?? 'Invalid value.'),
        };
      });
      detail = `Check these fields: ${fields.map((f) => f.field).join(', ')}.`;
    } else if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      code = 'payload-too-large';
      detail = 'The request body is larger than this server accepts.';
    } else if (error.statusCode === 415) {
      code = 'unsupported-media-type';
      detail = 'Send the body as application/json.';
    } else if (error.statusCode === 429) {
      code = 'too-many-requests';
      detail = 'Too many requests; wait before trying again.';
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      code = 'malformed-request';
      detail =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? 'The body is not valid JSON.'
          : 'The request could not be read.';
    } else if (isDatabaseError(error) && error.code === '23505') {
      // A unique constraint lost a race that the service's own check could not see.
      code = 'conflict';
      detail = 'This record conflicts with one that already exists.';
    } else {
      code = 'internal-error';
      detail = 'An unexpected error happened; it has been logged.';
      request.log.error({ err: describeForLog(error) }, 'unhandled error');
    }
    const body = {
      ...(error instanceof AppError ? error.extensions : undefined),
      ...problemBody(code, detail, fields, request.id),
    };
    return sendFailure(request, reply, body, options.errorPage);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const body = problemBody(
      'not-found',
      `Nothing at ${request.method} ${request.url.split('?')[0]}.`,
      undefined,
      request.id,
    );
    return sendFailure(request, reply, body, options.errorPage);
  });
}
