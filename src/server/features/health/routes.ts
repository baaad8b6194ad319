import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../http/problem.ts';
import { problems } from '../../http/schemas.ts';
import type { App, AppDeps } from '../../http/types.ts';

export function healthRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/healthz',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['operations'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['operations'],
        summary: 'The database answers',
        response: { 200: z.object({ status: z.literal('ready') }), ...problems(503) },
      },
    },
    async () => {
      try {
        await sql`SELECT 1`.execute(deps.db);
      } catch {
        throw new AppError('unavailable', 'The database is not reachable.');
      }
      return { status: 'ready' as const };
    },
  );
}
