import type { Ctx } from '../../context.ts';
import type { SiteTourStep } from '../../db/schema.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { checkImage } from './image-upload.ts';
import { markSiteChanged } from './search.ts';

export type LocationPageInput = {
  slug: string;
  intro: string;
  amenities: string[];
  tour: SiteTourStep[];
  published: boolean;
};

export type StoryInput = {
  slug: string;
  title: string;
  displayName: string;
  body: string;
  consentGivenBy: string;
  consentGivenAt: Date;
  consentText: string;
};

export type AdminStory = {
  id: string;
  slug: string;
  title: string;
  displayName: string;
  body: string;
  consentGivenBy: string;
  consentGivenAt: string;
  consentText: string;
  consentRecordedBy: string;
  consentRecordedByName: string;
  consentWithdrawnAt: string | null;
  publishedAt: string | null;
  createdAt: string;
};

export async function uploadImage(
  ctx: Ctx,
  dataBase64: string,
): Promise<{ id: string; width: number | null; height: number | null }> {
  const image = checkImage(dataBase64);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('site_images')
      .values({
        org_id: ctx.orgId,
        content_type: image.contentType,
        bytes: image.bytes,
        sha256: image.sha256,
        width: image.width,
        height: image.height,
        uploaded_by: ctx.user?.id ?? null,
        created_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'site_image',
      entityId: row.id,
      details: { contentType: image.contentType, bytes: image.bytes.length },
    });
    return { id: row.id, width: image.width, height: image.height };
  });
}

async function locationOrThrow(ctx: Ctx, locationId: string): Promise<void> {
  const found = await ctx.db
    .selectFrom('locations')
    .select('id')
    .where('id', '=', locationId)
    .where('org_id', '=', ctx.orgId)
    .executeTakeFirst();
  if (!found) throw new AppError('not-found', 'No such location in this clinic.');
}

export async function saveLocationPage(
  ctx: Ctx,
  locationId: string,
  input: LocationPageInput,
): Promise<void> {
  await locationOrThrow(ctx, locationId);
  const taken = await ctx.db
    .selectFrom('site_location_pages')
    .select('location_id')
    .where('org_id', '=', ctx.orgId)
    .where('slug', '=', input.slug)
    .where('location_id', '!=', locationId)
    .executeTakeFirst();
  if (taken) {
    throw new AppError(
      'conflict',
      `Another location page already uses the address /locations/${input.slug}.`,
      [{ field: 'body.slug', message: 'Choose a web address not used by another location.' }],
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    const values = {
      slug: input.slug,
      intro: input.intro,
      amenities: JSON.stringify(input.amenities),
      tour: JSON.stringify(input.tour),
      published: input.published,
      updated_by: ctx.user?.id ?? null,
      updated_at: ctx.now,
    };
    await trx
      .insertInto('site_location_pages')
      .values({ location_id: locationId, org_id: ctx.orgId, ...values })
      .onConflict((oc) => oc.column('location_id').doUpdateSet(values))
      .execute();
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'site_location_page',
      entityId: locationId,
      details: { slug: input.slug, published: input.published },
    });
  });
  markSiteChanged(ctx.db, ctx.orgId);
}

export async function addLocationPhoto(
  ctx: Ctx,
  locationId: string,
  input: { imageId: string; altText: string },
): Promise<{ id: string }> {
  await locationOrThrow(ctx, locationId);
  const image = await ctx.db
    .selectFrom('site_images')
    .select('id')
    .where('id', '=', input.imageId)
    .where('org_id', '=', ctx.orgId)
    .executeTakeFirst();
  if (!image) {
    throw new AppError('validation-failed', 'The image does not exist.', [
      { field: 'body.imageId', message: 'Upload the photo first.' },
    ]);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('site_location_photos')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('org_id', '=', ctx.orgId)
      .where('location_id', '=', locationId)
      .executeTakeFirst();
    const row = await trx
      .insertInto('site_location_photos')
      .values({
        org_id: ctx.orgId,
        location_id: locationId,
        image_id: input.imageId,
        alt_text: input.altText,
        position: (last?.max ?? -1) + 1,
        created_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'site_location_photo',
      entityId: row.id,
      details: { locationId },
    });
    return row;
  });
}

export async function removeLocationPhoto(ctx: Ctx, photoId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('site_location_photos')
      .where('id', '=', photoId)
      .where('org_id', '=', ctx.orgId)
      .returning('location_id')
      .executeTakeFirst();
    if (!removed) throw new AppError('not-found', 'No such photo in this clinic.');
    await audit(trx, ctx, {
      action: 'delete',
      entityType: 'site_location_photo',
      entityId: photoId,
      details: { locationId: removed.location_id },
    });
  });
  markSiteChanged(ctx.db, ctx.orgId);
}

export async function listAdminStories(ctx: Ctx): Promise<AdminStory[]> {
  const rows = await ctx.db
    .selectFrom('site_stories as s')
    .innerJoin('users as u', 'u.id', 's.consent_recorded_by')
    .select([
      's.id',
      's.slug',
      's.title',
      's.display_name',
      's.body',
      's.consent_given_by',
      's.consent_given_at',
      's.consent_text',
      's.consent_recorded_by',
      'u.name as recorder_name',
      's.consent_withdrawn_at',
      's.published_at',
      's.created_at',
    ])
    .where('s.org_id', '=', ctx.orgId)
    .orderBy('s.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    displayName: r.display_name,
    body: r.body,
    consentGivenBy: r.consent_given_by,
    consentGivenAt: r.consent_given_at.toISOString(),
    consentText: r.consent_text,
    consentRecordedBy: r.consent_recorded_by,
    consentRecordedByName: r.recorder_name,
    consentWithdrawnAt: r.consent_withdrawn_at?.toISOString() ?? null,
    publishedAt: r.published_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}

async function storyOrThrow(ctx: Ctx, id: string) {
  const story = await ctx.db
    .selectFrom('site_stories')
    .select(['id', 'consent_withdrawn_at', 'published_at'])
    .where('id', '=', id)
    .where('org_id', '=', ctx.orgId)
    .executeTakeFirst();
  if (!story) throw new AppError('not-found', 'No such story in this clinic.');
  return story;
}

/** A story is recorded together with the consent to publish it: who gave it, when, to what words. */
export async function createStory(ctx: Ctx, input: StoryInput): Promise<{ id: string }> {
  if (!ctx.user) throw new AppError('unauthenticated', 'Sign in to continue.');
  if (input.consentGivenAt.getTime() > ctx.now.getTime()) {
    throw new AppError('validation-failed', 'Consent cannot be dated in the future.', [
      { field: 'body.consentGivenAt', message: 'Enter the date the person gave consent (today or earlier).' },
    ]);
  }
  const taken = await ctx.db
    .selectFrom('site_stories')
    .select('id')
    .where('org_id', '=', ctx.orgId)
    .where('slug', '=', input.slug)
    .executeTakeFirst();
  if (taken) {
    throw new AppError('conflict', `Another story already uses the address /stories/${input.slug}.`, [
      { field: 'body.slug', message: 'Choose a web address not used by another story.' },
    ]);
  }
  const userId = ctx.user.id;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('site_stories')
      .values({
        org_id: ctx.orgId,
        slug: input.slug,
        title: input.title,
        display_name: input.displayName,
        body: input.body,
        consent_given_by: input.consentGivenBy,
        consent_given_at: input.consentGivenAt,
        consent_text: input.consentText,
        consent_recorded_by: userId,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'site_story',
      entityId: row.id,
      details: { slug: input.slug, consentGivenAt: input.consentGivenAt.toISOString() },
    });
    return row;
  });
}

export async function setStoryPublished(ctx: Ctx, id: string, publish: boolean): Promise<void> {
  const story = await storyOrThrow(ctx, id);
  if (publish && story.consent_withdrawn_at) {
    throw new AppError('conflict', 'Consent to publish this story was withdrawn; it cannot be published.');
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('site_stories')
      .set(
        publish
          ? {
              published_at: story.published_at ?? ctx.now,
              published_by: ctx.user?.id ?? null,
              updated_at: ctx.now,
            }
          : { published_at: null, published_by: null, updated_at: ctx.now },
      )
      .where('id', '=', id)
      .where('org_id', '=', ctx.orgId)
      .execute();
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'site_story',
      entityId: id,
      details: { published: publish },
    });
  });
  markSiteChanged(ctx.db, ctx.orgId);
}

/** Withdrawn consent takes the story down at once and keeps it down. */
export async function withdrawStoryConsent(ctx: Ctx, id: string): Promise<void> {
  await storyOrThrow(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('site_stories')
      .set({ consent_withdrawn_at: ctx.now, published_at: null, published_by: null, updated_at: ctx.now })
      .where('id', '=', id)
      .where('org_id', '=', ctx.orgId)
      .execute();
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'site_story',
      entityId: id,
      details: { consentWithdrawn: true },
    });
  });
  markSiteChanged(ctx.db, ctx.orgId);
}

export async function listAdminLocations(ctx: Ctx) {
  const locations = await ctx.db
    .selectFrom('locations as l')
    .leftJoin('site_location_pages as p', 'p.location_id', 'l.id')
    .select([
      'l.id',
      'l.name',
      'l.city',
      'l.state',
      'p.slug',
      'p.intro',
      'p.amenities',
      'p.tour',
      'p.published',
      'p.updated_at',
    ])
    .where('l.org_id', '=', ctx.orgId)
    .orderBy('l.name')
    .execute();
  const photos = await ctx.db
    .selectFrom('site_location_photos')
    .select(['id', 'location_id', 'image_id', 'alt_text'])
    .where('org_id', '=', ctx.orgId)
    .orderBy('position')
    .execute();
  return locations.map((l) => ({
    id: l.id,
    name: l.name,
    city: l.city,
    state: l.state,
    page:
      l.slug === null
        ? null
        : {
            slug: l.slug,
            intro: l.intro ?? '',
            amenities: l.amenities ?? [],
            tour: l.tour ?? [],
            published: l.published ?? false,
            updatedAt: l.updated_at?.toISOString() ?? null,
          },
    photos: photos
      .filter((p) => p.location_id === l.id)
      .map((p) => ({ id: p.id, imageId: p.image_id, altText: p.alt_text })),
  }));
}
