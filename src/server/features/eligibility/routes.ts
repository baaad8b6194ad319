import { z } from 'zod';
import type { EligibilityRule } from '../../../domain/eligibility/index.ts';
import { IdParams, problems, Uuid } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { SignaturePassword } from '../intake/service.ts';
import { RuleSetRevisionBody } from './rule-set-input.ts';
import {
  evaluatePatient,
  readDecisions,
  readRuleSets,
  readRuleSetVersion,
  reviseRules,
  signDecision,
} from './service.ts';

const Route = z.enum(['iv-ketamine', 'esketamine']);

const RuleSetSchema = z
  .looseObject({
    id: z.string(),
    version: z.number(),
    stored: z.boolean(),
    rules: z.array(z.looseObject({})),
  })
  .meta({ id: 'EligibilityRuleSet' });

const DecisionSchema = z
  .looseObject({
    id: z.uuid(),
    route: Route,
    decision: z.enum(['eligible', 'eligible-with-cautions', 'not-eligible']),
    ruleSet: z.object({ id: z.string(), version: z.number() }),
    overrideReason: z.string().nullable(),
    signature: z.object({
      printedName: z.string(),
      signedAt: z.string(),
      meaning: z.string(),
      userId: z.string().nullable(),
    }),
  })
  .meta({ id: 'EligibilityDecision' });

export function eligibilityRoutes(app: App): void {
  app.get(
    '/api/v1/eligibility/rule-set',
    {
      config: { access: { permission: 'protocols:read' } },
      schema: {
        tags: ['eligibility'],
        summary: 'The clinic’s eligibility rule set in force, and the list of its versions',
        response: {
          200: z.object({
            current: RuleSetSchema,
            versions: z.array(z.looseObject({ version: z.number() })),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => readRuleSets(request.ctx),
  );

  app.get(
    '/api/v1/eligibility/rule-set/versions/:version',
    {
      config: { access: { permission: 'protocols:read' } },
      schema: {
        tags: ['eligibility'],
        summary: 'One version of the clinic’s eligibility rule set',
        params: z.strictObject({ version: z.coerce.number().int().min(1).max(1_000_000) }),
        response: { 200: RuleSetSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readRuleSetVersion(request.ctx, request.params.version),
  );

  app.put(
    '/api/v1/eligibility/rule-set',
    {
      config: { access: { permission: 'protocols:manage' } },
      schema: {
        tags: ['eligibility'],
        summary:
          'Revise the rule set: a new version (rules backed by a source stay as they are; changes become clinic policy)',
        body: RuleSetRevisionBody,
        response: { 201: RuleSetSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await reviseRules(request.ctx, {
          baseVersion: request.body.baseVersion,
          rules: request.body.rules as EligibilityRule[],
        }),
      ),
  );

  app.get(
    '/api/v1/patients/:id/eligibility',
    {
      config: { access: { permission: 'eligibility:read' } },
      schema: {
        tags: ['eligibility'],
        summary:
          'Evaluate the verified intake with the current rule set: every fired rule with its finding, reason, evidence and clinic-policy flag',
        params: IdParams,
        querystring: z.strictObject({ route: Route.optional() }),
        response: {
          200: z
            .looseObject({
              intake: z.looseObject({ intakeId: z.uuid(), versionId: z.uuid() }),
              ruleSet: z.object({ id: z.string(), version: z.number() }),
              evaluations: z.array(z.looseObject({ route: Route, suggestedDecision: z.string() })),
              decisions: z.array(DecisionSchema),
            })
            .meta({ id: 'EligibilityEvaluation' }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => evaluatePatient(request.ctx, request.params.id, request.query.route),
  );

  app.get(
    '/api/v1/patients/:id/eligibility-decisions',
    {
      config: { access: { permission: 'eligibility:read' } },
      schema: {
        tags: ['eligibility'],
        summary: 'Every signed eligibility decision, newest first (a newer one supersedes an older one)',
        params: IdParams,
        response: { 200: z.object({ items: z.array(DecisionSchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await readDecisions(request.ctx, request.params.id) }),
  );

  app.post(
    '/api/v1/patients/:id/eligibility-decisions',
    {
      config: { access: { permission: 'eligibility:decide' } },
      schema: {
        tags: ['eligibility'],
        summary:
          'Sign an eligibility decision (re-enter your password); overriding an exclusion needs a written reason',
        params: IdParams,
        body: z.strictObject({
          route: Route,
          decision: z.enum(['eligible', 'eligible-with-cautions', 'not-eligible']),
          overrideReason: z.string().trim().max(2000).nullish(),
          ruleSetVersion: z.number().int().min(1).max(1_000_000),
          intakeVersionId: Uuid,
          password: SignaturePassword,
        }),
        response: { 201: DecisionSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await signDecision(request.ctx, request.params.id, request.body)),
  );
}
