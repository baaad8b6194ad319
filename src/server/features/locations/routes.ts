import { z } from 'zod';
import {
  IdParams,
  optionalDeaNumber,
  optionalPhone,
  optionalText,
  problems,
  requiredText,
} from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { createLocation, listLocations, updateLocation } from './service.ts';

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));

const LocationBody = z.strictObject({
  name: requiredText(200, 'Enter a name.'),
  addressLine1: requiredText(200, 'Enter the street address.'),
  addressLine2: optionalText(200),
  city: requiredText(100, 'Enter the city.'),
  state: requiredText(100, 'Enter the state.'),
  postalCode: requiredText(20, 'Enter the postal code.'),
  phone: optionalPhone,
  timeZone: z
    .string()
    .refine((tz) => TIME_ZONES.has(tz) || tz === 'UTC', 'Choose an IANA time zone such as America/New_York.'),
  /** The location's DEA registration number; left out of an edit, it stays as it was. */
  deaRegistration: optionalDeaNumber,
});

const LocationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  addressLine1: z.string(),
  addressLine2: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string(),
  phone: z.string().nullable(),
  timeZone: z.string(),
  deaRegistration: z.string().nullable(),
});

export function locationRoutes(app: App): void {
  app.get(
    '/api/v1/locations',
    {
      config: { access: { permission: 'locations:read' } },
      schema: {
        tags: ['locations'],
        summary: 'Clinic locations',
        response: { 200: z.object({ items: z.array(LocationSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await listLocations(request.ctx) }),
  );

  app.post(
    '/api/v1/locations',
    {
      config: { access: { permission: 'locations:manage' } },
      schema: {
        tags: ['locations'],
        summary: 'Add a location',
        body: LocationBody,
        response: { 201: LocationSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await createLocation(request.ctx, request.body)),
  );

  app.put(
    '/api/v1/locations/:id',
    {
      config: { access: { permission: 'locations:manage' } },
      schema: {
        tags: ['locations'],
        summary: 'Edit a location',
        params: IdParams,
        body: LocationBody,
        response: { 200: LocationSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => updateLocation(request.ctx, request.params.id, request.body),
  );
}
