import { z } from 'zod';
import { IsoDate, problems } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { exportAuditCsv, searchAudit } from './service.ts';
import { AUDIT_ACTIONS } from './store.ts';

const AuditQuery = z.strictObject({
  userId: z.uuid().optional(),
  patientId: z.uuid().optional(),
  action: z.enum(AUDIT_ACTIONS as [string, ...string[]]).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  sort: z.enum(['at', '-at']).default('-at'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

const AuditItemSchema = z.object({
  id: z.string(),
  seq: z.string().nullable(),
  at: z.string(),
  userId: z.string().nullable(),
  userEmail: z.string().nullable(),
  roles: z.array(z.string()),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  patientId: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.string(),
});

type Query = z.infer<typeof AuditQuery>;
const filterOf = ({ limit: _l, offset: _o, ...filter }: Query) => filter as Parameters<typeof searchAudit>[1];

export function auditRoutes(app: App): void {
  app.get(
    '/api/v1/audit',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail',
        querystring: AuditQuery,
        response: {
          200: z.object({ items: z.array(AuditItemSchema), total: z.number() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => searchAudit(request.ctx, filterOf(request.query), request.query),
  );

  app.get(
    '/api/v1/audit/export.csv',
    {
      config: { access: { permission: 'audit:export' } },
      schema: {
        tags: ['audit'],
        summary: 'The matching audit records as CSV',
        querystring: AuditQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const csv = await exportAuditCsv(request.ctx, filterOf(request.query));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="audit-${request.ctx.now.toISOString().slice(0, 10)}.csv"`,
        )
        .send(csv);
    },
  );
}
