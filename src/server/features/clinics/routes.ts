import { z } from 'zod';
import { problems } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { NearQuerySchema } from './near-query.ts';
import { clinicPages } from './page.ts';
import { findClinicsNear, importDirectory, previewDirectoryImport, readDirectory } from './service.ts';

const Service = z.object({ id: z.string(), label: z.string() });

const NearbySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['our-location', 'directory']),
  address: z.string(),
  city: z.string(),
  state: z.string(),
  zip: z.string(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  services: z.array(Service),
  accreditations: z.array(z.string()),
  distanceMiles: z.number(),
});

const CsvBody = z.string().max(5_000_000, 'Import a file of at most 5 MB.');

export function clinicRoutes(app: App): void {
  clinicPages(app);

  app.get(
    '/api/v1/clinics/near',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['clinics'],
        summary:
          'Clinics near a US ZIP code, a city and state, or a latitude and longitude, within radiusMiles (1–3000), nearest first',
        querystring: NearQuerySchema,
        response: {
          200: z.object({
            origin: z.object({ latitude: z.number(), longitude: z.number(), label: z.string() }),
            radiusMiles: z.number(),
            clinics: z.array(NearbySchema),
          }),
          ...problems(400),
        },
      },
    },
    async (request) => findClinicsNear(request.ctx, request.query),
  );

  app.get(
    '/api/v1/directory',
    {
      config: { access: { permission: 'site:manage' } },
      schema: {
        tags: ['clinics'],
        summary: 'The imported clinic directory, by state, city and name',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({
            total: z.number(),
            items: z.array(
              NearbySchema.omit({ kind: true, distanceMiles: true }).extend({
                latitude: z.number(),
                longitude: z.number(),
              }),
            ),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => readDirectory(request.ctx, request.query.limit, request.query.offset),
  );

  app.post(
    '/api/v1/directory/preview',
    {
      bodyLimit: 6_000_000,
      config: { access: { permission: 'site:manage' } },
      schema: {
        tags: ['clinics'],
        summary: 'Check a directory CSV without importing it: counts, a sample and every row’s problems',
        body: z.strictObject({ csv: CsvBody }),
        response: {
          200: z.object({
            valid: z.number(),
            invalid: z.number(),
            errors: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })),
            sample: z.array(
              z.object({
                line: z.number(),
                name: z.string(),
                city: z.string(),
                state: z.string(),
                zip: z.string(),
                services: z.array(z.string()),
              }),
            ),
          }),
          ...problems(400, 401, 403, 413),
        },
      },
    },
    async (request) => previewDirectoryImport(request.body.csv),
  );

  app.post(
    '/api/v1/directory/import',
    {
      bodyLimit: 6_000_000,
      config: { access: { permission: 'site:manage' } },
      schema: {
        tags: ['clinics'],
        summary:
          'Import a directory CSV (name, address, city, state, zip, phone, website, services, accreditations); all or nothing',
        body: z.strictObject({ csv: CsvBody, mode: z.enum(['replace', 'append']).default('replace') }),
        response: {
          201: z.object({ imported: z.number(), removed: z.number(), total: z.number() }),
          ...problems(400, 401, 403, 413),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await importDirectory(request.ctx, request.body)),
  );
}
