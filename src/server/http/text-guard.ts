import type { FastifyInstance } from 'fastify';
import { AppError, type FieldError } from './problem.ts';

/**
 * PostgreSQL text cannot hold U+0000, and an unpaired surrogate would be stored as U+FFFD, so the
 * record read back would differ from what was sent. Refuse both at the boundary, naming the field.
 */
function findBadText(value: unknown, path: string, out: FieldError[]): void {
  if (out.length >= 10) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ field: path, message: 'Remove the NUL character (U+0000).' });
    else if (!value.isWellFormed())
      out.push({ field: path, message: 'The text contains an invalid character.' });
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) findBadText(item, `${path}.${i}`, out);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      findBadText(key, path, out);
      findBadText(item, `${path}.${key}`, out);
    }
  }
}

export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problems: FieldError[] = [];
    findBadText(request.body, 'body', problems);
    findBadText(request.query, 'querystring', problems);
    findBadText(request.params, 'params', problems);
    if (problems.length) {
      throw new AppError(
        'validation-failed',
        `Check these fields: ${problems.map((p) => p.field).join(', ')}.`,
        problems,
      );
    }
  });
}
