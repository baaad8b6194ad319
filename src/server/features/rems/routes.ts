import { z } from 'zod';
import { CHALLENGE_ANSWERS, SAE_OUTCOMES } from '../../../domain/rems/medwatch.ts';
import { IdParams, optionalText, problems, requiredText, Uuid } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  listRemsForms,
  listSeriousAdverseEvents,
  markRemsFormSubmitted,
  medwatchForm,
  readAdverseEffectItems,
  readRemsForm,
  readSeriousAdverseEvent,
  recordSeriousAdverseEvent,
  remsFormPdf,
  saveRemsAnswers,
  seriousAdverseEventPdf,
  seriousAdverseEventsCsv,
  setAdverseEffectItems,
  setMedwatchFields,
} from './service.ts';

const Instant = z.iso.datetime({
  offset: true,
  error: 'Use a date and time with its UTC offset, like 2026-03-09T09:00:00-04:00.',
});
const IsoDate = z.iso.date('Use a date like 2026-01-31.');
const YesNo = z.enum(['yes', 'no'], 'Answer yes or no.');
const Key = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'Use lowercase letters, digits and dashes.');

const FORMS = { permission: 'rems:forms' } as const;
const SAE = { permission: 'safety:report' } as const;
const MANAGE = { permission: 'settings:manage' } as const;
const TAGS = ['rems'];

const Field = z.object({
  key: z.string(),
  label: z.string(),
  value: z.string().nullable(),
  source: z.string(),
  required: z.boolean(),
  detail: z.string().optional(),
});
const RemsFormSchema = z
  .object({
    sessionId: z.uuid(),
    patientId: z.uuid(),
    treatmentDate: z.string(),
    dueBy: z.string(),
    status: z.enum(['due', 'overdue', 'submitted']),
    submission: z
      .object({
        submittedAt: z.string(),
        submittedBy: z.uuid(),
        submittedByName: z.string(),
        confirmationNumber: z.string().nullable(),
        recordedAt: z.string(),
      })
      .nullable(),
    notice: z.string(),
    evidence: z.array(z.string()),
    sections: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        fields: z.array(Field),
        evidence: z.array(z.string()),
        clinicPolicy: z.boolean().optional(),
        note: z.string().optional(),
      }),
    ),
    missing: z.array(z.string()),
    prefilledFrom: z.object({ sessionId: z.uuid(), keys: z.array(z.string()) }).nullable(),
  })
  .meta({ id: 'RemsMonitoringForm' });

const DashboardItem = z.object({
  sessionId: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  location: z.object({ id: z.uuid(), name: z.string() }),
  treatmentDate: z.string(),
  dueBy: z.string(),
  status: z.enum(['due', 'overdue', 'submitted']),
  daysLeft: z.number(),
  noteSigned: z.boolean(),
  submission: z
    .object({
      submittedAt: z.string(),
      submittedByName: z.string(),
      confirmationNumber: z.string().nullable(),
    })
    .nullable(),
});

const SaeSchema = z
  .object({
    id: z.uuid(),
    sessionId: z.uuid(),
    patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
    eventDate: z.string(),
    outcomes: z.array(z.string()),
    fields: z.array(z.object({ key: z.string(), label: z.string(), section: z.string(), value: z.string() })),
    recordedBy: z.uuid(),
    recordedByName: z.string(),
    recordedAt: z.string(),
    evidence: z.array(z.string()),
  })
  .meta({ id: 'SeriousAdverseEvent' });

const MedwatchFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  section: z.string(),
  required: z.boolean(),
  builtIn: z.boolean(),
  fromRecord: z.boolean(),
});
const MedwatchFormSchema = z.object({ fields: z.array(MedwatchFieldSchema), provenance: z.looseObject({}) });
const ItemsSchema = z.object({
  items: z.array(z.object({ key: z.string(), label: z.string() })),
  clinicDefined: z.boolean(),
  defaults: z.looseObject({}),
});

const SaeBody = z.strictObject({
  eventDate: IsoDate,
  description: requiredText(5000, 'Describe the event.'),
  outcomes: z.array(z.enum(SAE_OUTCOMES)).min(1, 'Choose at least one outcome.').max(SAE_OUTCOMES.length),
  relevantTests: optionalText(5000),
  weightKg: z.number().positive().max(500).optional(),
  strength: optionalText(100),
  dose: optionalText(100),
  frequency: optionalText(200),
  therapyStartDate: IsoDate.optional(),
  therapyEndDate: IsoDate.optional(),
  reasonForUse: optionalText(500),
  abatedOnStop: z.enum(CHALLENGE_ANSWERS, 'Say whether the event abated when use stopped.'),
  reappearedOnRestart: z.enum(CHALLENGE_ANSWERS, 'Say whether the event reappeared on reintroduction.'),
  otherProducts: optionalText(5000),
  reporterPhone: optionalText(40),
  extra: z.record(z.string().max(40), z.string().max(2000)).optional(),
});

const SaeFilter = {
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  patientId: Uuid.optional(),
  sessionId: Uuid.optional(),
};

const SessionParams = z.strictObject({ id: Uuid });

export function remsRoutes(app: App): void {
  app.get(
    '/api/v1/sessions/:id/rems-form',
    {
      config: { access: FORMS },
      schema: {
        tags: TAGS,
        summary:
          'The SPRAVATO REMS Patient Monitoring Form of a signed esketamine session, each value with its source',
        params: SessionParams,
        response: { 200: RemsFormSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => readRemsForm(request.ctx, request.params.id),
  );

  app.get(
    '/api/v1/sessions/:id/rems-form.pdf',
    {
      config: { access: FORMS },
      schema: {
        tags: TAGS,
        summary: 'The monitoring form as a printable PDF (to transcribe or fax; Ketaflow does not submit it)',
        params: SessionParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const { pdf, name } = await remsFormPdf(request.ctx, request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Buffer.from(pdf));
    },
  );

  app.put(
    '/api/v1/sessions/:id/rems-form/answers',
    {
      config: { access: FORMS },
      schema: {
        tags: TAGS,
        summary: 'Answer what the note does not hold (concomitant medications, telephone, clinic items)',
        params: SessionParams,
        body: z.strictObject({
          concomitant: z
            .strictObject({
              benzodiazepines: YesNo.optional(),
              nonBenzodiazepineSedativeHypnotics: YesNo.optional(),
              psychostimulants: YesNo.optional(),
              maois: YesNo.optional(),
              opioids: YesNo.optional(),
            })
            .optional(),
          providerPhone: optionalText(40),
          minutesUntilReadyToLeave: z.number().int().min(0).max(1440).nullish(),
          adverseEffects: z.record(z.string().max(40), YesNo).optional(),
        }),
        response: { 200: RemsFormSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => saveRemsAnswers(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/v1/sessions/:id/rems-form/submitted',
    {
      config: { access: FORMS },
      schema: {
        tags: TAGS,
        summary:
          'Record that staff submitted the form (who, when, confirmation number); 409 if already recorded',
        params: SessionParams,
        body: z.strictObject({ submittedAt: Instant.optional(), confirmationNumber: optionalText(100) }),
        response: { 201: RemsFormSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await markRemsFormSubmitted(request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/api/v1/rems/forms',
    {
      config: { access: FORMS },
      schema: {
        tags: TAGS,
        summary: 'Monitoring forms of dosed esketamine sessions: due within 7 days of the session, status',
        querystring: z.strictObject({
          status: z.enum(['due', 'overdue', 'submitted']).optional(),
          locationId: Uuid.optional(),
          from: IsoDate.optional(),
          to: IsoDate.optional(),
        }),
        response: {
          200: z.object({ forms: z.array(DashboardItem), dueDays: z.looseObject({}) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => listRemsForms(request.ctx, request.query),
  );

  app.get(
    '/api/v1/rems/adverse-effect-items',
    {
      config: { access: FORMS },
      schema: {
        tags: TAGS,
        summary: 'The adverse-effect items of the monitoring form (the clinic’s list, or the defaults)',
        response: { 200: ItemsSchema, ...problems(401, 403) },
      },
    },
    async (request) => readAdverseEffectItems(request.ctx),
  );

  app.put(
    '/api/v1/rems/adverse-effect-items',
    {
      config: { access: MANAGE },
      schema: {
        tags: TAGS,
        summary: 'Align the adverse-effect items with the clinic’s current form (empty list: the defaults)',
        body: z.strictObject({
          items: z.array(z.strictObject({ key: Key, label: requiredText(200, 'Write the item.') })).max(30),
        }),
        response: { 200: ItemsSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => setAdverseEffectItems(request.ctx, request.body.items),
  );

  app.get(
    '/api/v1/settings/safety-report-lists',
    {
      config: { access: MANAGE },
      schema: {
        tags: TAGS,
        summary:
          'For the admin: the REMS adverse-effect items and the MedWatch fields with the clinic’s questions',
        response: {
          200: z.object({ adverseEffectItems: ItemsSchema, medwatch: MedwatchFormSchema }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => ({
      adverseEffectItems: await readAdverseEffectItems(request.ctx),
      medwatch: await medwatchForm(request.ctx),
    }),
  );

  app.get(
    '/api/v1/adverse-events/form',
    {
      config: { access: SAE },
      schema: {
        tags: TAGS,
        summary: 'The fields of a serious adverse event record (MedWatch 3500 and the clinic’s own)',
        response: { 200: MedwatchFormSchema, ...problems(401, 403) },
      },
    },
    async (request) => medwatchForm(request.ctx),
  );

  app.put(
    '/api/v1/adverse-events/form',
    {
      config: { access: MANAGE },
      schema: {
        tags: TAGS,
        summary: 'Set the clinic’s own questions for a serious adverse event record',
        body: z.strictObject({
          fields: z
            .array(
              z.strictObject({
                key: Key,
                label: requiredText(200, 'Write the question.'),
                required: z.boolean(),
              }),
            )
            .max(20),
        }),
        response: { 200: MedwatchFormSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => setMedwatchFields(request.ctx, request.body.fields),
  );

  app.post(
    '/api/v1/sessions/:id/serious-adverse-events',
    {
      config: { access: SAE },
      schema: {
        tags: TAGS,
        summary: 'Record a serious adverse event of this session with the MedWatch 3500 fields',
        params: SessionParams,
        body: SaeBody,
        response: { 201: SaeSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordSeriousAdverseEvent(request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/api/v1/adverse-events',
    {
      config: { access: SAE },
      schema: {
        tags: TAGS,
        summary: 'Serious adverse events, newest first (JSON)',
        querystring: z.strictObject(SaeFilter),
        response: { 200: z.object({ events: z.array(SaeSchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({ events: await listSeriousAdverseEvents(request.ctx, request.query) }),
  );

  app.get(
    '/api/v1/adverse-events/export.csv',
    {
      config: { access: SAE },
      schema: {
        tags: TAGS,
        summary: 'Serious adverse events as CSV, one column per field',
        querystring: z.strictObject(SaeFilter),
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const csv = await seriousAdverseEventsCsv(request.ctx, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="serious-adverse-events-${request.ctx.now.toISOString().slice(0, 10)}.csv"`,
        )
        .send(csv);
    },
  );

  app.get(
    '/api/v1/adverse-events/:id',
    {
      config: { access: SAE },
      schema: {
        tags: TAGS,
        summary: 'One serious adverse event',
        params: IdParams,
        response: { 200: SaeSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readSeriousAdverseEvent(request.ctx, request.params.id),
  );

  app.get(
    '/api/v1/adverse-events/:id/medwatch.pdf',
    {
      config: { access: SAE },
      schema: {
        tags: TAGS,
        summary: 'One serious adverse event as a printable PDF laid out by the MedWatch 3500 sections',
        params: IdParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const { pdf, name } = await seriousAdverseEventPdf(request.ctx, request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Buffer.from(pdf));
    },
  );
}
