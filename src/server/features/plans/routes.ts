import { z } from 'zod';
import { IdParams, IsoDate, problems, Uuid } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { SignaturePassword } from '../intake/service.ts';
import {
  decideSessionDose,
  listPatientPlans,
  nextSessionSuggestion,
  previewPlan,
  readPlan,
  signPlan,
} from './service.ts';

const Reason = z.string().trim().max(2000).nullish();

const PlanFields = {
  protocolId: z.string().max(80),
  protocolVersion: z.number().int().min(1).max(1_000_000),
  phaseId: z.string().max(80).optional(),
  startDate: IsoDate,
  sessionsPerWeek: z.number().int().min(1).max(7).optional(),
  everyWeeks: z.number().int().min(1).max(12).optional(),
  weekdays: z
    .array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']))
    .max(7)
    .optional(),
  skipDates: z.array(IsoDate).max(100).optional(),
  sessions: z.number().int().min(1).max(52).optional(),
  currentDose: z.number().positive().optional(),
  weightBasis: z.enum(['actual', 'ideal', 'adjusted']).optional(),
  sex: z.enum(['female', 'male']).optional(),
  concentrationMgPerMl: z.number().positive().max(100).optional(),
  bagMl: z.number().min(0).max(1000).optional(),
  dose: z.number().positive().max(1000).optional(),
  aboveLimitReason: Reason,
  responseInstrument: z.enum(['phq9', 'madrs']).optional(),
};

const SignatureSchema = z.object({
  printedName: z.string(),
  signedAt: z.string(),
  meaning: z.string(),
  userId: z.string().nullable(),
});

const PlanSchema = z
  .looseObject({
    protocol: z.looseObject({ id: z.string(), version: z.number() }),
    sessions: z.array(
      z.looseObject({
        number: z.number(),
        date: z.string(),
        dose: z.number(),
        unit: z.string(),
        doseMg: z.number(),
      }),
    ),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'TreatmentPlan' });

const DoseDecisionSchema = z
  .looseObject({
    id: z.uuid(),
    action: z.enum(['accept', 'change']),
    dose: z.number().nullable(),
    reason: z.string().nullable(),
    signature: SignatureSchema,
  })
  .meta({ id: 'DoseDecision' });

export function planRoutes(app: App): void {
  app.post(
    '/api/v1/patients/:id/plans/preview',
    {
      config: { access: { permission: 'plans:read' } },
      schema: {
        tags: ['plans'],
        summary: 'Lay out a plan (sessions, doses and how each was calculated) without storing it',
        params: IdParams,
        body: z.strictObject(PlanFields),
        response: { 200: PlanSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => previewPlan(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/v1/patients/:id/plans',
    {
      config: { access: { permission: 'plans:sign' } },
      schema: {
        tags: ['plans'],
        summary:
          'Sign a treatment plan (re-enter your password): needs a signed eligible decision; a dose above the protocol’s maximum needs a written reason',
        params: IdParams,
        body: z.strictObject({ ...PlanFields, password: SignaturePassword }),
        response: { 201: PlanSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await signPlan(request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/api/v1/patients/:id/plans',
    {
      config: { access: { permission: 'plans:read' } },
      schema: {
        tags: ['plans'],
        summary: 'The patient’s treatment plans, newest (in force) first',
        params: IdParams,
        response: {
          200: z.object({ items: z.array(z.looseObject({ id: z.uuid(), inForce: z.boolean() })) }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({ items: await listPatientPlans(request.ctx, request.params.id) }),
  );

  app.get(
    '/api/v1/plans/:id',
    {
      config: { access: { permission: 'plans:read' } },
      schema: {
        tags: ['plans'],
        summary: 'A treatment plan with its planned sessions and the dose decided for each',
        params: IdParams,
        response: { 200: PlanSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readPlan(request.ctx, request.params.id),
  );

  app.get(
    '/api/v1/plans/:id/next-session-suggestion',
    {
      config: { access: { permission: 'plans:read' } },
      schema: {
        tags: ['plans'],
        summary:
          'The next planned session: response so far (latest scores against baseline) and the protocol’s suggested dose with its reason; nothing is applied',
        params: IdParams,
        response: {
          200: z.looseObject({ planId: z.uuid(), applied: z.literal(false) }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => nextSessionSuggestion(request.ctx, request.params.id),
  );

  app.post(
    '/api/v1/plans/:id/sessions/:sessionId/dose-decision',
    {
      config: { access: { permission: 'plans:sign' } },
      schema: {
        tags: ['plans'],
        summary:
          'Accept the suggested dose, or set another with a reason, for the next planned session (re-enter your password)',
        params: z.strictObject({ id: Uuid, sessionId: Uuid }),
        body: z.strictObject({
          action: z.enum(['accept', 'change']),
          dose: z.number().positive().max(1000).optional(),
          reason: Reason,
          aboveLimitReason: Reason,
          password: SignaturePassword,
        }),
        response: { 201: DoseDecisionSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await decideSessionDose(request.ctx, request.params.id, request.params.sessionId, request.body),
        ),
  );
}
