import { z } from 'zod';
import type { ProtocolEdit } from '../../../domain/protocols/index.ts';
import { problems } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { copyProtocolAs, editProtocolAs, listProtocols, readProtocol } from './service.ts';

const ProtocolId = z
  .string()
  .max(80)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and dashes (kebab-case).');
const VersionNumber = z.coerce.number().int().min(1).max(1_000_000);

const PhaseEditInput = z.strictObject({
  sessions: z.number().optional(),
  withinWeeks: z.strictObject({ min: z.number(), max: z.number() }).optional(),
  weeks: z.number().optional(),
  sessionsPerWeek: z.number().optional(),
  sessionsPerWeekChoices: z.array(z.number()).max(7).optional(),
  everyWeeks: z.number().optional(),
  minDaysBetweenSessions: z.number().optional(),
  startDose: z.number().optional(),
  infusionMinutes: z.number().optional(),
  titrationSteps: z.array(z.number()).max(20).optional(),
  maxDose: z.number().optional(),
  monitoringMinutes: z.number().optional(),
  addDischarge: z
    .array(z.strictObject({ id: z.string().max(80), text: z.string().max(500) }))
    .max(20)
    .optional(),
  removeDischarge: z.array(z.string().max(80)).max(20).optional(),
});

const EditBody = z.strictObject({
  baseVersion: z.number().int().min(1).max(1_000_000),
  name: z.string().trim().max(200).optional(),
  phases: z.record(z.string().max(40), PhaseEditInput).optional(),
  stepUp: z
    .strictObject({
      afterSessions: z.number(),
      improvementBelowPercent: z.number(),
      requireTolerated: z.boolean(),
    })
    .nullable()
    .optional(),
  intolerance: z
    .strictObject({
      notTolerated: z.enum(['step-down', 'same']),
      severeReaction: z.enum(['step-down', 'hold']),
    })
    .optional(),
});

const ProtocolSchema = z
  .looseObject({
    id: z.string(),
    version: z.number(),
    latestVersion: z.number(),
    stored: z.boolean(),
    warnings: z.array(z.string()),
    protocol: z.looseObject({ id: z.string(), version: z.number() }),
  })
  .meta({ id: 'ProtocolVersion' });

export function protocolRoutes(app: App): void {
  app.get(
    '/api/v1/protocols',
    {
      config: { access: { permission: 'protocols:read' } },
      schema: {
        tags: ['protocols'],
        summary:
          'The clinic’s protocols with every version (Ketaflow’s defaults until the clinic edits them)',
        response: {
          200: z.object({
            items: z.array(
              z.looseObject({
                id: z.string(),
                latestVersion: z.number(),
                versions: z.array(z.looseObject({})),
              }),
            ),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => ({ items: await listProtocols(request.ctx) }),
  );

  app.get(
    '/api/v1/protocols/:protocolId',
    {
      config: { access: { permission: 'protocols:read' } },
      schema: {
        tags: ['protocols'],
        summary: 'The latest version of a protocol, with the source of every value',
        params: z.strictObject({ protocolId: ProtocolId }),
        response: { 200: ProtocolSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readProtocol(request.ctx, request.params.protocolId),
  );

  app.get(
    '/api/v1/protocols/:protocolId/versions/:version',
    {
      config: { access: { permission: 'protocols:read' } },
      schema: {
        tags: ['protocols'],
        summary: 'One version of a protocol',
        params: z.strictObject({ protocolId: ProtocolId, version: VersionNumber }),
        response: { 200: ProtocolSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readProtocol(request.ctx, request.params.protocolId, request.params.version),
  );

  app.post(
    '/api/v1/protocols',
    {
      config: { access: { permission: 'protocols:manage' } },
      schema: {
        tags: ['protocols'],
        summary: 'Copy a protocol under a new id to edit it (version 1 of the copy)',
        body: z.strictObject({
          sourceId: ProtocolId,
          sourceVersion: z.number().int().min(1).max(1_000_000).optional(),
          id: ProtocolId,
          name: z.string().trim().min(1, 'Name the protocol.').max(200),
        }),
        response: { 201: ProtocolSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await copyProtocolAs(request.ctx, request.body)),
  );

  app.post(
    '/api/v1/protocols/:protocolId/versions',
    {
      config: { access: { permission: 'protocols:manage' } },
      schema: {
        tags: ['protocols'],
        summary:
          'Edit a protocol: stores the next version (changed values become clinic policy; what the esketamine label fixes cannot change)',
        params: z.strictObject({ protocolId: ProtocolId }),
        body: EditBody,
        response: { 201: ProtocolSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await editProtocolAs(
            request.ctx,
            request.params.protocolId,
            request.body as ProtocolEdit & { baseVersion: number },
          ),
        ),
  );
}
