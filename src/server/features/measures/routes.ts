import { z } from 'zod';
import { appUrl } from '../../http/app-url.ts';
import { IdParams, IsoDate, problems, requiredText } from '../../http/schemas.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { clinicInstruments } from './instruments.ts';
import { addSchedule, listSchedule, stopSchedule } from './schedule.ts';
import { createMeasureLink, openMeasureLink, submitResponse, submitViaLink } from './service.ts';
import { readTrajectory } from './trajectory.ts';
import { recordTreatmentEvent } from './treatment-events.ts';

const IdempotencyKey = z.string().trim().min(8, 'Send a unique idempotency key (a UUID).').max(100);
const Answers = z
  .record(z.string().max(20), z.union([z.number(), z.string().max(3), z.null()]))
  .refine((a) => Object.keys(a).length <= 40, 'Too many answers.');

const CrisisSchema = z
  .object({
    lines: z.array(
      z.object({ label: z.string(), phone: z.string(), text: z.string().optional(), note: z.string() }),
    ),
    evidence: z.array(z.string()),
  })
  .nullable();

const ResponseSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  instrument: z.string(),
  answers: z.record(z.string(), z.number().nullable()),
  total: z.number().nullable(),
  severity: z.string(),
  suicideRisk: z.boolean(),
  riskReasons: z.array(z.string()),
  source: z.string(),
  enteredBy: z.string().nullable(),
  completedAt: z.string(),
});

const SubmitResult = z.object({
  response: ResponseSchema,
  created: z.boolean(),
  alertId: z.string().nullable(),
  crisis: CrisisSchema,
});

const TokenParams = z.strictObject({
  token: z
    .string()
    .min(20)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
});

export function measureRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/instruments',
    {
      config: { access: { permission: 'self:read' } },
      schema: {
        tags: ['measures'],
        summary: 'Instrument definitions as this clinic shows them (text packs applied)',
      },
    },
    async (request) => ({ items: await clinicInstruments(request.ctx.db, request.ctx.orgId) }),
  );

  app.post(
    '/api/v1/patients/:id/responses',
    {
      config: { access: { permission: 'measures:record' } },
      schema: {
        tags: ['measures'],
        summary: 'Record a complete answer set (clinician-rated, or entered on the patient’s behalf)',
        params: IdParams,
        body: z.strictObject({
          instrument: z.string().max(40),
          answers: Answers,
          source: z.enum(['clinician-rated', 'staff-for-patient']),
          idempotencyKey: IdempotencyKey,
        }),
        response: { 200: SubmitResult, 201: SubmitResult, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await submitResponse(
        request.ctx,
        { ...request.body, patientId: request.params.id },
        appUrl(request, deps.config),
      );
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/v1/patients/:id/trajectory',
    {
      config: { access: { permission: 'measures:read' } },
      schema: {
        tags: ['measures'],
        summary: 'Scores over time with baseline, response and remission lines',
        params: IdParams,
      },
    },
    async (request) => readTrajectory(request.ctx, request.params.id),
  );

  app.post(
    '/api/v1/patients/:id/measure-links',
    {
      config: { access: { permission: 'measures:send' } },
      schema: {
        tags: ['measures'],
        summary: 'A single-use link for the patient to complete questionnaires (kiosk: on a clinic tablet)',
        params: IdParams,
        body: z.strictObject({
          instruments: z.array(z.string().max(40)).min(1).max(5),
          kiosk: z.boolean().default(false),
        }),
        response: {
          201: z.object({ id: z.uuid(), url: z.string(), expiresAt: z.string() }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createMeasureLink(
            request.ctx,
            { ...request.body, patientId: request.params.id },
            appUrl(request, deps.config),
          ),
        ),
  );

  app.post(
    '/api/v1/patients/:id/treatment-events',
    {
      config: { access: { permission: 'measures:record' } },
      schema: {
        tags: ['measures'],
        summary: 'Record a treatment date for the trajectory (until session charting records them)',
        params: IdParams,
        body: z.strictObject({
          occurredOn: IsoDate,
          description: requiredText(200, 'Describe the treatment, e.g. "IV ketamine 0.5 mg/kg".'),
        }),
        response: { 201: z.object({ id: z.uuid() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ id: await recordTreatmentEvent(request.ctx, request.params.id, request.body) }),
  );

  app.get(
    '/api/v1/measure-links/:token',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['measures'],
        summary: 'What a questionnaire link asks for (no account needed)',
        params: TokenParams,
      },
    },
    async (request) => {
      const link = await openMeasureLink(request.ctx.db, request.params.token, request.ctx.now);
      const instruments = (await clinicInstruments(request.ctx.db, link.orgId)).filter((d) =>
        link.remaining.includes(d.id),
      );
      return { kiosk: link.kiosk, expiresAt: link.expiresAt.toISOString(), instruments };
    },
  );

  app.post(
    '/api/v1/measure-links/:token/responses',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['measures'],
        summary:
          'Submit one questionnaire through a link; a retry with the same idempotency key stores nothing twice',
        params: TokenParams,
        body: z.strictObject({
          instrument: z.string().max(40),
          answers: Answers,
          idempotencyKey: IdempotencyKey,
        }),
        response: {
          200: z.object({
            severity: z.string(),
            total: z.number().nullable(),
            suicideRisk: z.boolean(),
            crisis: CrisisSchema,
            remaining: z.array(z.string()),
            kiosk: z.boolean(),
          }),
          201: z.object({
            severity: z.string(),
            total: z.number().nullable(),
            suicideRisk: z.boolean(),
            crisis: CrisisSchema,
            remaining: z.array(z.string()),
            kiosk: z.boolean(),
          }),
          ...problems(400, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const result = await submitViaLink(
        request.ctx,
        request.params.token,
        request.body,
        appUrl(request, deps.config),
      );
      return reply.code(result.created ? 201 : 200).send({
        severity: result.response.severity,
        total: result.response.total,
        suicideRisk: result.response.suicideRisk,
        crisis: result.crisis,
        remaining: result.remaining,
        kiosk: result.kiosk,
      });
    },
  );

  const ScheduleSchema = z.object({
    id: z.uuid(),
    instrument: z.string(),
    cadence: z.enum(['once', 'weekly', 'monthly', 'before-session']),
    nextDueAt: z.string(),
    active: z.boolean(),
    lastSentAt: z.string().nullable(),
    due: z.boolean(),
  });

  app.get(
    '/api/v1/patients/:id/measure-schedule',
    {
      config: { access: { permission: 'measures:send' } },
      schema: {
        tags: ['measures'],
        summary: 'Which questionnaires the patient is due, and when',
        params: IdParams,
        response: { 200: z.object({ items: z.array(ScheduleSchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({ items: await listSchedule(request.ctx, request.params.id) }),
  );

  app.post(
    '/api/v1/patients/:id/measure-schedule',
    {
      config: { access: { permission: 'measures:send' } },
      schema: {
        tags: ['measures'],
        summary:
          'Schedule a questionnaire (once, weekly or monthly); reminders go out by email as it falls due',
        params: IdParams,
        body: z.strictObject({
          instrument: z.string().max(40),
          cadence: z.enum(['once', 'weekly', 'monthly', 'before-session']),
          firstDueAt: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 201: z.object({ items: z.array(ScheduleSchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ items: await addSchedule(request.ctx, request.params.id, request.body) }),
  );

  app.post(
    '/api/v1/measure-schedules/:id/stop',
    {
      config: { access: { permission: 'measures:send' } },
      schema: {
        tags: ['measures'],
        summary: 'Stop a scheduled questionnaire',
        params: IdParams,
        response: { 204: z.null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await stopSchedule(request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
