import type { Ctx, Executor } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { readSettings } from './store.ts';

/** What the public site shows about the clinic; an admin edits it on the clinic settings page. */
export type Branding = {
  siteName: string | null;
  siteTagline: string | null;
  clinicPhone: string | null;
  helplinePhone: string | null;
  publicEmail: string | null;
  publicAddress: string | null;
  brandColor: string | null;
  accentColor: string | null;
  logoImageId: string | null;
};

export type BrandingUpdate = Omit<Branding, 'clinicPhone'>;

export async function readBranding(db: Executor, orgId: string): Promise<Branding> {
  const settings = await readSettings(db, orgId);
  const row = await db
    .selectFrom('org_settings')
    .select([
      'site_name',
      'site_tagline',
      'helpline_phone',
      'public_email',
      'public_address',
      'brand_color',
      'accent_color',
      'logo_image_id',
    ])
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return {
    siteName: row.site_name,
    siteTagline: row.site_tagline,
    clinicPhone: settings.clinicPhone,
    helplinePhone: row.helpline_phone,
    publicEmail: row.public_email,
    publicAddress: row.public_address,
    brandColor: row.brand_color,
    accentColor: row.accent_color,
    logoImageId: row.logo_image_id,
  };
}

function channel(hex: string): number {
  const c = Number.parseInt(hex, 16) / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2.x relative-luminance contrast of a #rrggbb colour against white. */
export function contrastWithWhite(color: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => channel(color.slice(i, i + 2)));
  const luminance = 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  return 1.05 / (luminance + 0.05);
}

// White text on the brand colour (buttons, header) must stay readable: WCAG 2.2 AA asks for 4.5:1.
export const MIN_CONTRAST = 4.5;

export async function updateBranding(ctx: Ctx, update: BrandingUpdate): Promise<Branding> {
  const fields = (['brandColor', 'accentColor'] as const)
    .filter((key) => {
      const value = update[key];
      return value !== null && contrastWithWhite(value) < MIN_CONTRAST;
    })
    .map((key) => ({
      field: `body.${key}`,
      message: `This colour is too light for white text (contrast below ${MIN_CONTRAST}:1); choose a darker one.`,
    }));
  if (fields.length > 0) throw new AppError('validation-failed', 'Some colours are too light.', fields);
  return ctx.db.transaction().execute(async (trx) => {
    if (update.logoImageId) {
      const image = await trx
        .selectFrom('site_images')
        .select('id')
        .where('id', '=', update.logoImageId)
        .where('org_id', '=', ctx.orgId)
        .executeTakeFirst();
      if (!image) {
        throw new AppError('validation-failed', 'The logo image does not exist.', [
          { field: 'body.logoImageId', message: 'Upload the logo first.' },
        ]);
      }
    }
    const before = await readBranding(trx, ctx.orgId);
    await trx
      .updateTable('org_settings')
      .set({
        site_name: update.siteName,
        site_tagline: update.siteTagline,
        helpline_phone: update.helplinePhone,
        public_email: update.publicEmail,
        public_address: update.publicAddress,
        brand_color: update.brandColor,
        accent_color: update.accentColor,
        logo_image_id: update.logoImageId,
        updated_at: ctx.now,
      })
      .where('org_id', '=', ctx.orgId)
      .execute();
    const changed = (Object.keys(update) as (keyof BrandingUpdate)[]).filter((k) => before[k] !== update[k]);
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'org_branding',
      entityId: ctx.orgId,
      details: { changed },
    });
    return readBranding(trx, ctx.orgId);
  });
}
