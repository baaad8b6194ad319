import { z } from 'zod';
import { appUrl } from '../../http/app-url.ts';
import { problems, Uuid } from '../../http/schemas.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { saveDischargeScore } from './discharge.ts';
import { sendDischargeInstructions } from './discharge-instructions.ts';
import { dischargeInstructionPages } from './discharge-instructions-page.ts';
import { endingRoutes } from './ending-routes.ts';

const SessionParams = z.strictObject({ id: Uuid });
// The chart is large; its shape is documented in docs/session-charting.md.
const SessionSchema = z.looseObject({ id: z.uuid(), phase: z.string() });

/**
 * The discharge score, the instructions sent by link, the patient's page behind that link, and the end
 * of a session without a discharge.
 */
export function dischargeRoutes(app: App, deps: AppDeps): void {
  app.put(
    '/api/v1/sessions/:id/discharge-score',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary:
          'Record the modified Aldrete or PADSS item scores (each 0–2), where the clinic discharges by a score',
        params: SessionParams,
        body: z.strictObject({
          itemScores: z.array(z.number().int().min(0).max(2)).min(1).max(10),
        }),
        response: { 200: SessionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => saveDischargeScore(request.ctx, request.params.id, request.body.itemScores),
  );

  app.post(
    '/api/v1/sessions/:id/discharge-instructions/send',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary:
          'Email the patient a single-use link to this session’s discharge instructions (after discharge)',
        params: SessionParams,
        response: {
          201: z.object({ linkId: z.uuid(), sentTo: z.literal('email'), expiresAt: z.string() }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await sendDischargeInstructions(request.ctx, request.params.id, appUrl(request, deps.config))),
  );

  dischargeInstructionPages(app);
  endingRoutes(app);
}
