import { z } from 'zod';
import { appUrl } from '../../http/app-url.ts';
import { IdParams, problems, requiredText, Uuid } from '../../http/schemas.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { CONSENT_FORM_IDS, consentFormHash, findConsentForm } from './consent-forms.ts';
import { SignaturePassword } from './e-signature.ts';
import { IntakeFactsInput } from './facts-input.ts';
import {
  addIntakeAddendum,
  createIntakeLink,
  listPatientIntakes,
  readConsents,
  readIntake,
  saveIntakeDraft,
  signConsentAsStaff,
  startIntake,
  verifyIntake,
} from './service.ts';

const Version = z.number().int().min(0).max(100_000);

const SignatureSchema = z.object({
  printedName: z.string(),
  signedAt: z.string(),
  meaning: z.string(),
  userId: z.string().nullable(),
});

/** The main fields; the rest (versions with their facts, baseline, flags) pass through as built. */
const IntakeSchema = z
  .looseObject({
    id: z.uuid(),
    patientId: z.uuid(),
    status: z.enum(['new', 'awaiting-patient', 'submitted', 'in-review', 'verified']),
    latestVersion: z.number().nullable(),
    versions: z.array(
      z.looseObject({
        id: z.uuid(),
        version: z.number(),
        kind: z.string(),
        signature: SignatureSchema.nullable(),
      }),
    ),
  })
  .meta({ id: 'Intake' });

const ConsentSchema = z
  .object({
    id: z.uuid(),
    formId: z.string(),
    formVersion: z.number(),
    formTitle: z.string().nullable(),
    formSha256: z.string(),
    meaning: z.string(),
    printedName: z.string(),
    signedAt: z.string(),
    signer: z.union([
      z.object({ kind: z.literal('patient-link'), linkId: z.string().nullable() }),
      z.object({ kind: z.literal('user'), userId: z.string().nullable() }),
    ]),
    intakeId: z.string().nullable(),
  })
  .meta({ id: 'ConsentSignature' });

export function intakeRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/v1/patients/:id/intake-links',
    {
      config: { access: { permission: 'intake:send' } },
      schema: {
        tags: ['intake'],
        summary: 'A single-use link for the patient to fill in their intake history (72 hours by default)',
        params: IdParams,
        body: z.strictObject({ expiresInHours: z.number().int().min(1).max(720).optional() }),
        response: {
          201: z.object({ id: z.uuid(), intakeId: z.uuid(), url: z.string(), expiresAt: z.string() }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createIntakeLink(request.ctx, request.params.id, request.body, appUrl(request, deps.config)),
        ),
  );

  app.post(
    '/api/v1/patients/:id/intakes',
    {
      config: { access: { permission: 'intake:write' } },
      schema: {
        tags: ['intake'],
        summary: 'Start an intake that staff fill in (returns the open one when there is one)',
        params: IdParams,
        response: { 200: IntakeSchema, 201: IntakeSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { intake, created } = await startIntake(request.ctx, request.params.id);
      return reply.code(created ? 201 : 200).send(intake);
    },
  );

  app.get(
    '/api/v1/patients/:id/intakes',
    {
      config: { access: { permission: 'intake:read' } },
      schema: {
        tags: ['intake'],
        summary: 'The patient’s intakes, newest first',
        params: IdParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                createdAt: z.string(),
                latestVersion: z.number().nullable(),
                latestKind: z.string().nullable(),
                verifiedAt: z.string().nullable(),
              }),
            ),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({ items: await listPatientIntakes(request.ctx, request.params.id) }),
  );

  app.get(
    '/api/v1/intakes/:id',
    {
      config: { access: { permission: 'intake:read' } },
      schema: {
        tags: ['intake'],
        summary:
          'An intake: every version (patient submission, drafts, the verified record, addenda), baseline scores, medicine flags and consents',
        params: IdParams,
        response: { 200: IntakeSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readIntake(request.ctx, request.params.id),
  );

  app.put(
    '/api/v1/intakes/:id/draft',
    {
      config: { access: { permission: 'intake:write' } },
      schema: {
        tags: ['intake'],
        summary: 'Save a clinician’s edit as a new draft version (send the version you read; 409 when stale)',
        params: IdParams,
        body: z.strictObject({ facts: IntakeFactsInput, baseVersion: Version }),
        response: { 200: IntakeSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => saveIntakeDraft(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/v1/intakes/:id/verify',
    {
      config: { access: { permission: 'intake:write' } },
      schema: {
        tags: ['intake'],
        summary:
          'Verify (sign) the latest version: re-enter your password; baseline questionnaires are linked as of now',
        params: IdParams,
        body: z.strictObject({ version: Version, password: SignaturePassword }),
        response: { 200: IntakeSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => verifyIntake(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/v1/intakes/:id/addenda',
    {
      config: { access: { permission: 'intake:write' } },
      schema: {
        tags: ['intake'],
        summary: 'Correct a verified intake with a signed addendum; the original stays',
        params: IdParams,
        body: z.strictObject({
          facts: IntakeFactsInput,
          reason: requiredText(1000, 'Say why the record is corrected.'),
          baseVersion: Version,
          password: SignaturePassword,
        }),
        response: { 201: IntakeSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addIntakeAddendum(request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/api/v1/consent-forms',
    {
      config: { access: { permission: 'intake:read' } },
      schema: { tags: ['intake'], summary: 'The consent forms, current versions, with their text' },
    },
    async () => ({
      items: CONSENT_FORM_IDS.map((id) => {
        const form = findConsentForm(id);
        return form ? { ...form, sha256: consentFormHash(form) } : null;
      }).filter(Boolean),
    }),
  );

  app.get(
    '/api/v1/patients/:id/consents',
    {
      config: { access: { permission: 'intake:read' } },
      schema: {
        tags: ['intake'],
        summary: 'Signed consent forms: printed name, time (UTC) and meaning of each signature',
        params: IdParams,
        response: { 200: z.object({ items: z.array(ConsentSchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await readConsents(request.ctx, request.params.id) }),
  );

  app.post(
    '/api/v1/patients/:id/consents',
    {
      config: { access: { permission: 'intake:write' } },
      schema: {
        tags: ['intake'],
        summary: 'Sign a clinician’s consent form for the patient (re-enter your password)',
        params: IdParams,
        body: z.strictObject({
          formId: z.string().min(1).max(100),
          intakeId: Uuid.optional(),
          password: SignaturePassword,
        }),
        response: { 201: ConsentSchema, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await signConsentAsStaff(request.ctx, request.params.id, request.body)),
  );
}
