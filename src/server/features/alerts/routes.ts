import { z } from 'zod';
import { IdParams, optionalText, problems, Uuid } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { acknowledgeAlert, countOpenAlerts, listAlerts } from './service.ts';

const AlertSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  patientMrn: z.string(),
  patientName: z.string(),
  level: z.enum(['high', 'standard']),
  reasons: z.array(z.string()),
  instrument: z.string(),
  createdAt: z.string(),
  pageDueAt: z.string(),
  pagedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  action: z.string().nullable(),
  note: z.string().nullable(),
});

export function alertRoutes(app: App): void {
  app.get(
    '/api/v1/alerts',
    {
      config: { access: { permission: 'alerts:read' } },
      schema: {
        tags: ['alerts'],
        summary: 'Suicide-risk alerts: open ones stay here until a clinician acknowledges them',
        querystring: z.strictObject({
          status: z.enum(['open', 'acknowledged', 'all']).default('open'),
          patientId: Uuid.optional(),
        }),
        response: { 200: z.object({ items: z.array(AlertSchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({ items: await listAlerts(request.ctx, request.query) }),
  );

  app.post(
    '/api/v1/alerts/:id/acknowledge',
    {
      config: { access: { permission: 'alerts:acknowledge' } },
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an alert with the action taken (a note is required for "other")',
        params: IdParams,
        body: z.strictObject({
          action: z.enum(['called-patient', 'safety-plan-reviewed', 'referred-emergency', 'other']),
          note: optionalText(2000),
        }),
        response: { 200: AlertSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => acknowledgeAlert(request.ctx, request.params.id, request.body),
  );

  app.get(
    '/api/v1/alerts/summary',
    {
      // Polled by every staff page for its badge: neither activity nor a read of any record.
      config: { access: { permission: 'alerts:read', passive: true } },
      schema: {
        tags: ['alerts'],
        summary: 'How many suicide-risk alerts are open (no patient data)',
        response: { 200: z.object({ open: z.number(), openHigh: z.number() }), ...problems(401, 403) },
      },
    },
    async (request) => countOpenAlerts(request.ctx),
  );
}
