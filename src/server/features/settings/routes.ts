import { z } from 'zod';
import { appUrl } from '../../http/app-url.ts';
import { optionalPhone, optionalText, problems } from '../../http/schemas.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { loadTextPack } from '../measures/instruments.ts';
import { listOutbox } from '../outbox/store.ts';
import { pagingStatus, sendTestPage, updateSettings } from './service.ts';
import {
  readSessionPolicies,
  SessionPoliciesBody,
  SessionPoliciesSchema,
  updateSessionPolicies,
} from './session-policies.ts';
import { readSettings } from './store.ts';

const SettingsSchema = z.object({
  clinicPhone: z.string().nullable(),
  onCallName: z.string().nullable(),
  onCallEmail: z.string().nullable(),
  onCallWebhookUrl: z.string().nullable(),
  pageUnacknowledgedAfterMinutes: z.number(),
  testPageSucceededAt: z.string().nullable(),
  measureLinkHours: z.number(),
  madrsRemissionMax: z.union([z.literal(10), z.literal(12)]),
  madrsSuicideItemAtLeast: z.number(),
  wasteWitnessRequired: z.boolean(),
  adjustmentWitnessRequired: z.boolean(),
});

const SettingsBody = z.strictObject({
  clinicPhone: optionalPhone,
  onCallName: optionalText(200),
  onCallEmail: z
    .union([z.email('Enter a valid email address.'), z.literal('')])
    .nullish()
    .transform((v) => (v ? v.toLowerCase() : null)),
  onCallWebhookUrl: z
    .union([z.url({ protocol: /^https?$/, message: 'Enter an http(s) URL.' }).max(500), z.literal('')])
    .nullish()
    .transform((v) => (v ? v : null)),
  pageUnacknowledgedAfterMinutes: z.number().int().min(1).max(1440),
  measureLinkHours: z.number().int().min(1).max(720),
  madrsRemissionMax: z.union([z.literal(10), z.literal(12)]),
  madrsSuicideItemAtLeast: z.number().int().min(1).max(6),
  wasteWitnessRequired: z.boolean().optional(),
  adjustmentWitnessRequired: z.boolean().optional(),
});

const TextPackBody = z.strictObject({
  version: z.string().trim().min(1).max(200),
  licence: z.string().trim().min(1).max(1000),
  stem: z.string().max(1000).optional(),
  timeFrame: z.string().max(200).optional(),
  items: z.record(
    z.string().max(20),
    z.strictObject({
      text: z.string().max(2000),
      options: z.record(z.string().max(3), z.string().max(500)).optional(),
    }),
  ),
});

export function settingsRoutes(app: App, deps: AppDeps): void {
  const smtpConfigured = deps.config.smtpUrl !== undefined;

  app.get(
    '/api/v1/settings/clinic',
    {
      config: { access: { permission: 'settings:manage' } },
      schema: {
        tags: ['settings'],
        summary: 'Paging channels and measurement policies (clinic-policy defaults)',
        response: { 200: SettingsSchema, ...problems(401, 403) },
      },
    },
    async (request) => readSettings(request.ctx.db, request.ctx.orgId),
  );

  app.put(
    '/api/v1/settings/clinic',
    {
      config: { access: { permission: 'settings:manage' } },
      schema: {
        tags: ['settings'],
        summary: 'Change paging channels and measurement policies',
        body: SettingsBody,
        response: { 200: SettingsSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => updateSettings(request.ctx, request.body),
  );

  app.post(
    '/api/v1/settings/clinic/test-page',
    {
      config: { access: { permission: 'settings:manage' } },
      schema: {
        tags: ['settings'],
        summary: 'Send a test page through every configured channel now',
        response: {
          200: z.object({
            results: z.array(
              z.object({
                channel: z.string(),
                recipient: z.string(),
                ok: z.boolean(),
                error: z.string().nullable(),
              }),
            ),
            status: z.object({ ready: z.boolean(), reason: z.string().nullable() }),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      const results = await sendTestPage(request.ctx, deps.deliver, appUrl(request, deps.config));
      return {
        results,
        status: pagingStatus(await readSettings(request.ctx.db, request.ctx.orgId), smtpConfigured),
      };
    },
  );

  app.get(
    '/api/v1/paging-status',
    {
      config: { access: { permission: 'alerts:read' } },
      schema: {
        tags: ['settings'],
        summary: 'Whether suicide-risk alerts can reach the on-call contact out of hours',
        response: {
          200: z.object({ ready: z.boolean(), reason: z.string().nullable() }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => pagingStatus(await readSettings(request.ctx.db, request.ctx.orgId), smtpConfigured),
  );

  app.get(
    '/api/v1/outbox',
    {
      config: { access: { permission: 'settings:manage' } },
      schema: {
        tags: ['settings'],
        summary: 'Messages sent and waiting (email waits here when SMTP is not configured)',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (request) => ({
      items: await listOutbox(request.ctx.db, request.ctx.orgId, request.query.limit, request.query.offset),
      smtpConfigured,
    }),
  );

  app.get(
    '/api/v1/settings/sessions',
    {
      config: { access: { permission: 'settings:manage' } },
      schema: {
        tags: ['settings'],
        summary:
          'Treatment-day policies: pre-dose gates, vitals schedules, alert thresholds, discharge checklist',
        response: { 200: SessionPoliciesSchema, ...problems(401, 403) },
      },
    },
    async (request) => readSessionPolicies(request.ctx.db, request.ctx.orgId),
  );

  app.put(
    '/api/v1/settings/sessions',
    {
      config: { access: { permission: 'settings:manage' } },
      schema: {
        tags: ['settings'],
        summary: 'Change the treatment-day policies (a changed default becomes clinic policy)',
        body: SessionPoliciesBody,
        response: { 200: SessionPoliciesSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => updateSessionPolicies(request.ctx, request.body),
  );

  app.put(
    '/api/v1/text-packs/:instrument',
    {
      config: { access: { permission: 'settings:manage' } },
      schema: {
        tags: ['settings'],
        summary: "Load the clinic's licensed wording for an instrument",
        params: z.strictObject({ instrument: z.string().max(40) }),
        body: TextPackBody,
        response: {
          200: z.object({
            instrument: z.string(),
            enabled: z.boolean(),
            textPack: z.object({ version: z.string(), licence: z.string() }).optional(),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const definition = await loadTextPack(request.ctx, request.params.instrument, request.body);
      return { instrument: definition.id, enabled: definition.enabled, textPack: definition.textPack };
    },
  );
}
