import { z } from 'zod';
import { optionalText, problems, requiredText, Uuid } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { endWithoutDischarge } from './ending.ts';
import { Instant } from './routes.ts';

const SessionParams = z.strictObject({ id: Uuid });
// The chart is large; its shape is documented in docs/session-charting.md.
const SessionSchema = z.looseObject({ id: z.uuid(), phase: z.string() });

const Note = optionalText(2000);

const EndBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('not-dosed'),
    reason: z.enum(['gate-decision', 'pregnancy-hold', 'declined', 'other']),
    note: Note,
  }),
  z.strictObject({
    kind: z.literal('transferred'),
    at: Instant,
    destination: requiredText(500, 'Say where the patient was transferred to.'),
    transferredBy: requiredText(500, 'Say by whom (the ambulance service, the crew).'),
    note: Note,
  }),
  z.strictObject({
    kind: z.literal('left-against-advice'),
    at: Instant,
    adviceGiven: requiredText(2000, 'Record what the patient was told before leaving.'),
    note: Note,
  }),
]);

/** Ending a session without a discharge: not dosed, transferred to emergency care, left against advice. */
export function endingRoutes(app: App): void {
  app.post(
    '/api/v1/sessions/:id/end',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary:
          'End the session without a discharge: not dosed, transferred to emergency care, or left against medical advice (completes the booking; the note can then be signed)',
        params: SessionParams,
        body: EndBody,
        response: { 200: SessionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => endWithoutDischarge(request.ctx, request.params.id, request.body),
  );
}
