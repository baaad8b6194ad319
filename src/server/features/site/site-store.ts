import type { Executor } from '../../context.ts';
import type { SiteTourStep } from '../../db/schema.ts';

export type PublicLocation = {
  locationId: string;
  slug: string;
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  state: string;
  postalCode: string;
  phone: string | null;
  intro: string;
  amenities: string[];
  tour: SiteTourStep[];
  published: boolean;
};

export type PublicPhoto = {
  id: string;
  imageId: string;
  altText: string;
  width: number | null;
  height: number | null;
};

export type PublicStory = {
  id: string;
  slug: string;
  title: string;
  displayName: string;
  body: string;
  publishedAt: Date | null;
};

function locationQuery(db: Executor, orgId: string) {
  return db
    .selectFrom('site_location_pages as p')
    .innerJoin('locations as l', (join) =>
      join.onRef('l.id', '=', 'p.location_id').onRef('l.org_id', '=', 'p.org_id'),
    )
    .select([
      'p.location_id as locationId',
      'p.slug',
      'l.name',
      'l.address_line1 as addressLine1',
      'l.address_line2 as addressLine2',
      'l.city',
      'l.state',
      'l.postal_code as postalCode',
      'l.phone',
      'p.intro',
      'p.amenities',
      'p.tour',
      'p.published',
    ])
    .where('p.org_id', '=', orgId);
}

export async function listPublishedLocations(db: Executor, orgId: string): Promise<PublicLocation[]> {
  return locationQuery(db, orgId).where('p.published', '=', true).orderBy('l.name').execute();
}

export async function findPublishedLocation(
  db: Executor,
  orgId: string,
  slug: string,
): Promise<PublicLocation | undefined> {
  return locationQuery(db, orgId)
    .where('p.published', '=', true)
    .where('p.slug', '=', slug)
    .executeTakeFirst();
}

export async function listLocationPhotos(
  db: Executor,
  orgId: string,
  locationId: string,
): Promise<PublicPhoto[]> {
  return db
    .selectFrom('site_location_photos as ph')
    .innerJoin('site_images as i', 'i.id', 'ph.image_id')
    .select(['ph.id', 'ph.image_id as imageId', 'ph.alt_text as altText', 'i.width', 'i.height'])
    .where('ph.org_id', '=', orgId)
    .where('ph.location_id', '=', locationId)
    .orderBy('ph.position')
    .orderBy('ph.created_at')
    .execute();
}

function storyQuery(db: Executor, orgId: string) {
  return db
    .selectFrom('site_stories')
    .select(['id', 'slug', 'title', 'display_name as displayName', 'body', 'published_at as publishedAt'])
    .where('org_id', '=', orgId)
    .where('published_at', 'is not', null)
    .where('consent_withdrawn_at', 'is', null);
}

/** Only stories published with consent on record, and not withdrawn since. */
export async function listPublishedStories(db: Executor, orgId: string): Promise<PublicStory[]> {
  return storyQuery(db, orgId).orderBy('published_at', 'desc').execute();
}

export async function findPublishedStory(
  db: Executor,
  orgId: string,
  slug: string,
): Promise<PublicStory | undefined> {
  return storyQuery(db, orgId).where('slug', '=', slug).executeTakeFirst();
}

export async function readImage(db: Executor, id: string) {
  return db
    .selectFrom('site_images')
    .select(['id', 'org_id as orgId', 'content_type as contentType', 'bytes', 'sha256'])
    .where('id', '=', id)
    .executeTakeFirst();
}
