import type { Executor } from '../../context.ts';
import { findPrimaryOrgId } from '../orgs/store.ts';
import { type Branding, readBranding } from '../settings/branding.ts';

export type SiteBrand = Branding & {
  orgId: string;
  /** The clinic's name as the public sees it: the site name, or the organisation's name. */
  name: string;
  /** One line per address line: the admin's public address, or the first location's. */
  addressLines: string[];
};

export const DEFAULT_BRAND_COLOR = '#0b5394';
export const DEFAULT_ACCENT_COLOR = '#0b3d62';

/** Public pages serve the installation's primary organisation. */
export async function loadSiteBrand(db: Executor): Promise<SiteBrand | null> {
  const orgId = await findPrimaryOrgId(db);
  if (!orgId) return null;
  const [org, branding, location] = await Promise.all([
    db.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow(),
    readBranding(db, orgId),
    db
      .selectFrom('locations')
      .select(['address_line1', 'address_line2', 'city', 'state', 'postal_code'])
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('name')
      .executeTakeFirst(),
  ]);
  const addressLines = branding.publicAddress
    ? branding.publicAddress
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
    : location
      ? [
          location.address_line1,
          ...(location.address_line2 ? [location.address_line2] : []),
          `${location.city}, ${location.state} ${location.postal_code}`,
        ]
      : [];
  return { ...branding, orgId, name: branding.siteName ?? org.name, addressLines };
}

/** A `tel:` target from a phone number as people write it. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+\d]/g, '')}`;
}
