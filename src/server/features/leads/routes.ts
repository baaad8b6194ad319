import { z } from 'zod';
import { appUrl } from '../../http/app-url.ts';
import { IdParams, IsoDate, problems, requiredText } from '../../http/schemas.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { callbackPages } from './callback-page.ts';
import { CallbackBody } from './input.ts';
import {
  addLeadNote,
  changeLeadStatus,
  convertLead,
  listLeads,
  readLead,
  submitCallbackRequest,
} from './service.ts';

const LeadStatus = z.enum(['new', 'contacted', 'consult-booked', 'not-a-fit', 'closed']);

const LeadSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  bestTime: z.enum(['morning', 'afternoon', 'evening', 'any']),
  preferredContact: z.enum(['phone', 'text', 'email']),
  status: LeadStatus,
  urgent: z.boolean(),
  urgentReason: z.string().nullable(),
  selfCheckTotal: z.number().nullable(),
  selfCheckSeverity: z.string().nullable(),
  patientId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const LeadSchema = LeadSummarySchema.extend({
  message: z.string().nullable(),
  consentText: z.string(),
  consentedAt: z.string(),
  selfCheck: z.array(z.number()).nullable(),
  events: z.array(
    z.object({
      id: z.uuid(),
      at: z.string(),
      kind: z.enum(['created', 'status', 'note', 'converted']),
      userId: z.string().nullable(),
      userName: z.string().nullable(),
      fromStatus: LeadStatus.nullable(),
      toStatus: LeadStatus.nullable(),
      note: z.string().nullable(),
      patientId: z.string().nullable(),
    }),
  ),
});

const ListQuery = z.strictObject({
  status: z
    .string()
    .regex(/^[a-z-]+(,[a-z-]+)*$/, 'List statuses separated by commas.')
    .optional()
    .transform((v) => (v ? v.split(',') : []))
    .pipe(z.array(LeadStatus)),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const Note = requiredText(2000, 'Write the note.');

export function leadRoutes(app: App, deps: AppDeps): void {
  callbackPages(app, deps);

  app.post(
    '/api/v1/callback-requests',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['leads'],
        summary:
          'Ask the clinic to call you back (public). Honeypot `website` and a too-fast `formToken` get the same 201 but nothing is stored.',
        body: CallbackBody,
        response: {
          201: z.object({ id: z.uuid(), status: z.literal('new') }),
          ...problems(400, 413, 429, 503),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await submitCallbackRequest(request.ctx, request.body, { appUrl: appUrl(request, deps.config) }),
        ),
  );

  app.get(
    '/api/v1/leads',
    {
      config: { access: { permission: 'leads:read' } },
      schema: {
        tags: ['leads'],
        summary:
          'The callback queue: urgent first, then oldest first; with the last 30 days of discarded spam',
        querystring: ListQuery,
        response: {
          200: z.object({
            items: z.array(LeadSummarySchema),
            total: z.number(),
            spam: z.object({ honeypot: z.number(), tooFast: z.number() }),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) =>
      listLeads(request.ctx, {
        statuses: request.query.status,
        limit: request.query.limit,
        offset: request.query.offset,
      }),
  );

  app.get(
    '/api/v1/leads/:id',
    {
      config: { access: { permission: 'leads:read' } },
      schema: {
        tags: ['leads'],
        summary: 'One callback request with its history',
        params: IdParams,
        response: { 200: LeadSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readLead(request.ctx, request.params.id),
  );

  app.post(
    '/api/v1/leads/:id/status',
    {
      config: { access: { permission: 'leads:manage' } },
      schema: {
        tags: ['leads'],
        summary: 'Move a callback request on (409 when someone moved it first)',
        params: IdParams,
        body: z.strictObject({
          from: LeadStatus,
          to: LeadStatus,
          note: z
            .string()
            .trim()
            .max(2000)
            .nullish()
            .transform((v) => (v ? v : null)),
        }),
        response: { 200: LeadSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => changeLeadStatus(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/v1/leads/:id/notes',
    {
      config: { access: { permission: 'leads:manage' } },
      schema: {
        tags: ['leads'],
        summary: 'Add a note to a callback request',
        params: IdParams,
        body: z.strictObject({ note: Note }),
        response: { 201: LeadSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addLeadNote(request.ctx, request.params.id, request.body.note)),
  );

  app.post(
    '/api/v1/leads/:id/convert',
    {
      config: { access: { permission: 'leads:manage' } },
      schema: {
        tags: ['leads'],
        summary:
          'Register the person as a patient (phone and email from the request); 409 with `duplicates` for a possible duplicate until confirmDuplicate is sent',
        params: IdParams,
        body: z.strictObject({
          legalGivenName: requiredText(100, 'Enter the legal given name.'),
          legalFamilyName: requiredText(100, 'Enter the legal family name.'),
          dateOfBirth: IsoDate.refine((d) => d >= '1900-01-01', 'Enter a date of birth after 1900.'),
          sexAtBirth: z.enum(['female', 'male', 'intersex', 'unknown']),
          status: z.enum(['lead', 'intake', 'active']).default('lead'),
          confirmDuplicate: z.boolean().optional(),
        }),
        response: { 200: LeadSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => convertLead(request.ctx, request.params.id, request.body),
  );
}
