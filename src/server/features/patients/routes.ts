import { z } from 'zod';
import {
  IdParams,
  IsoDate,
  optionalPhone,
  optionalText,
  problems,
  requiredText,
  Uuid,
} from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  findPatients,
  parseSearch,
  readPatient,
  registerPatient,
  setCareTeam,
  updatePatient,
} from './service.ts';

const Status = z.enum(['lead', 'intake', 'active', 'paused', 'discharged']);
const SexAtBirth = z.enum(['female', 'male', 'intersex', 'unknown']);

const DateOfBirth = IsoDate.refine((d) => d >= '1900-01-01', 'Enter a date of birth after 1900.');

const PatientFieldsBody = {
  legalGivenName: requiredText(100, 'Enter the legal given name.'),
  legalFamilyName: requiredText(100, 'Enter the legal family name.'),
  preferredName: optionalText(100),
  dateOfBirth: DateOfBirth,
  sexAtBirth: SexAtBirth,
  genderIdentity: optionalText(100),
  pronouns: optionalText(40),
  phone: optionalPhone,
  email: z
    .union([z.email('Enter a valid email address.'), z.literal('')])
    .nullish()
    .transform((v) => (v ? v.toLowerCase() : null)),
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  city: optionalText(100),
  state: optionalText(100),
  postalCode: optionalText(20),
  emergencyContactName: optionalText(200),
  emergencyContactPhone: optionalPhone,
  emergencyContactRelationship: optionalText(100),
  driverName: optionalText(200),
  driverPhone: optionalPhone,
  referringClinician: optionalText(200),
  primaryClinicianId: Uuid.nullish().transform((v) => v ?? null),
  status: Status.default('lead'),
};

const Mrn = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9-]+$/, 'Use letters, digits and dashes.');

const CreateBody = z.strictObject({
  ...PatientFieldsBody,
  mrn: Mrn.optional(),
  confirmDuplicate: z.boolean().optional(),
});

const UpdateBody = z.strictObject({ ...PatientFieldsBody, mrn: Mrn, version: z.number().int().min(1) });

const PatientSchema = z.object({
  id: z.uuid(),
  mrn: z.string(),
  version: z.number(),
  legalGivenName: z.string(),
  legalFamilyName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  sexAtBirth: SexAtBirth,
  genderIdentity: z.string().nullable(),
  pronouns: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
  emergencyContactName: z.string().nullable(),
  emergencyContactPhone: z.string().nullable(),
  emergencyContactRelationship: z.string().nullable(),
  driverName: z.string().nullable(),
  driverPhone: z.string().nullable(),
  referringClinician: z.string().nullable(),
  primaryClinicianId: z.string().nullable(),
  status: Status,
  careTeam: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const SummarySchema = PatientSchema.pick({
  id: true,
  mrn: true,
  legalGivenName: true,
  legalFamilyName: true,
  preferredName: true,
  dateOfBirth: true,
  phone: true,
  status: true,
});

const SearchQuery = z.strictObject({
  q: z.string().max(200).optional(),
  status: Status.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export function patientRoutes(app: App): void {
  app.get(
    '/api/v1/patients',
    {
      config: { access: { permission: 'patients:read' } },
      schema: {
        tags: ['patients'],
        summary: 'Find patients by name fragment, date of birth (YYYY-MM-DD or MM/DD/YYYY), MRN or phone',
        querystring: SearchQuery,
        response: {
          200: z.object({ items: z.array(SummarySchema), hasMore: z.boolean() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { q, status, limit, offset } = request.query;
      return findPatients(request.ctx, { ...parseSearch(q), status, limit, offset });
    },
  );

  app.post(
    '/api/v1/patients',
    {
      config: { access: { permission: 'patients:write' } },
      schema: {
        tags: ['patients'],
        summary: 'Register a patient (409 with the candidates when the same name and date of birth exist)',
        body: CreateBody,
        response: { 201: PatientSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await registerPatient(request.ctx, request.body)),
  );

  app.get(
    '/api/v1/patients/:id',
    {
      config: { access: { permission: 'patients:read' } },
      schema: {
        tags: ['patients'],
        summary: 'A patient record',
        params: IdParams,
        response: { 200: PatientSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readPatient(request.ctx, request.params.id),
  );

  app.put(
    '/api/v1/patients/:id',
    {
      config: { access: { permission: 'patients:write' } },
      schema: {
        tags: ['patients'],
        summary: 'Edit a patient record (send the version you read; 409 when it changed meanwhile)',
        params: IdParams,
        body: UpdateBody,
        response: { 200: PatientSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updatePatient(request.ctx, request.params.id, request.body),
  );

  app.put(
    '/api/v1/patients/:id/care-team',
    {
      config: { access: { permission: 'patients:write' } },
      schema: {
        tags: ['patients'],
        summary: "Set the patient's care team (staff who receive their alerts)",
        params: IdParams,
        body: z.strictObject({ userIds: z.array(Uuid).max(50) }),
        response: { 200: PatientSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => setCareTeam(request.ctx, request.params.id, request.body.userIds),
  );
}
