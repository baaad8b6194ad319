import { z } from 'zod';
import { optionalPhone, optionalText, problems } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { readBranding, updateBranding } from './branding.ts';

const Color = z
  .union([
    z
      .string()
      .trim()
      .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #0b5394.')
      .transform((v) => v.toLowerCase()),
    z.literal(''),
  ])
  .nullish()
  .transform((v) => (v ? v : null));

const BrandingSchema = z.object({
  siteName: z.string().nullable(),
  siteTagline: z.string().nullable(),
  clinicPhone: z.string().nullable(),
  helplinePhone: z.string().nullable(),
  publicEmail: z.string().nullable(),
  publicAddress: z.string().nullable(),
  brandColor: z.string().nullable(),
  accentColor: z.string().nullable(),
  logoImageId: z.string().nullable(),
});

const BrandingBody = z.strictObject({
  siteName: optionalText(120),
  siteTagline: optionalText(200),
  helplinePhone: optionalPhone,
  publicEmail: z
    .union([z.email('Enter a valid email address.').max(254), z.literal('')])
    .nullish()
    .transform((v) => (v ? v.toLowerCase() : null)),
  publicAddress: optionalText(400),
  brandColor: Color,
  accentColor: Color,
  logoImageId: z
    .union([z.uuid('Upload the logo first.'), z.literal('')])
    .nullish()
    .transform((v) => (v ? v : null)),
});

/** What the public site shows about the clinic: name, logo, colours, helpline, address. */
export function brandingRoutes(app: App): void {
  app.get(
    '/api/v1/settings/branding',
    {
      config: { access: { permission: 'settings:manage' } },
      schema: {
        tags: ['settings'],
        summary: "The public site's branding: clinic name, tagline, logo, colours, helpline, address",
        response: { 200: BrandingSchema, ...problems(401, 403) },
      },
    },
    async (request) => readBranding(request.ctx.db, request.ctx.orgId),
  );

  app.put(
    '/api/v1/settings/branding',
    {
      config: { access: { permission: 'settings:manage' } },
      schema: {
        tags: ['settings'],
        summary: "Change the public site's branding (colours must keep white text readable)",
        body: BrandingBody,
        response: { 200: BrandingSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => updateBranding(request.ctx, request.body),
  );
}
