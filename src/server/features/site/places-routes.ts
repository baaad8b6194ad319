import { z } from 'zod';
import type { App, AppDeps } from '../../http/types.ts';
import { loadSiteBrand } from './brand.ts';
import { notFoundBody } from './error-page.ts';
import {
  locationAddress,
  locationPageBody,
  locationsIndexBody,
  storiesIndexBody,
  storyPageBody,
} from './places-pages.ts';
import { sendPage } from './send-page.ts';
import {
  findPublishedLocation,
  findPublishedStory,
  listLocationPhotos,
  listPublishedLocations,
  listPublishedStories,
  readImage,
} from './site-store.ts';

const Slug = z
  .string()
  .max(80)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

/** Location pages, patient stories and their images: the primary organisation's, published only. */
export function placesRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;

  const notFound = async (
    request: Parameters<typeof sendPage>[1],
    reply: Parameters<typeof sendPage>[0],
    what: string,
  ) =>
    sendPage(
      reply,
      request,
      await loadSiteBrand(db),
      {
        title: 'Page not found',
        description: 'This page does not exist.',
        noindex: true,
        body: notFoundBody(what),
      },
      404,
    );

  app.get('/locations', { schema: { hide: true } }, async (request, reply) => {
    const brand = await loadSiteBrand(db);
    const locations = brand ? await listPublishedLocations(db, brand.orgId) : [];
    return sendPage(reply, request, brand, {
      title: 'Our locations',
      description: `Where to find ${brand?.name ?? 'us'}: addresses, photos and what a visit looks like.`,
      path: '/locations',
      body: locationsIndexBody(locations),
    });
  });

  app.get('/locations/:slug', { schema: { hide: true } }, async (request, reply) => {
    const brand = await loadSiteBrand(db);
    const slug = Slug.safeParse((request.params as { slug: string }).slug);
    const location =
      brand && slug.success ? await findPublishedLocation(db, brand.orgId, slug.data) : undefined;
    if (!brand || !location) return notFound(request, reply, 'location');
    const photos = await listLocationPhotos(db, brand.orgId, location.locationId);
    return sendPage(reply, request, brand, {
      title: location.name,
      description: `${brand.name} at ${locationAddress(location)}: photos, what is here, and what a visit looks like.`,
      path: `/locations/${location.slug}`,
      body: locationPageBody(location, photos),
      structuredData: {
        '@context': 'https://schema.org',
        '@type': 'MedicalClinic',
        name: `${brand.name}: ${location.name}`,
        ...(location.phone ? { telephone: location.phone } : {}),
        address: {
          '@type': 'PostalAddress',
          streetAddress: [location.addressLine1, location.addressLine2].filter(Boolean).join(', '),
          addressLocality: location.city,
          addressRegion: location.state,
          postalCode: location.postalCode,
          addressCountry: 'US',
        },
      },
    });
  });

  app.get('/stories', { schema: { hide: true } }, async (request, reply) => {
    const brand = await loadSiteBrand(db);
    const stories = brand ? await listPublishedStories(db, brand.orgId) : [];
    return sendPage(reply, request, brand, {
      title: 'Patient stories',
      description: 'People treated at our clinic tell their own stories, shared with their written consent.',
      path: '/stories',
      body: storiesIndexBody(stories),
    });
  });

  app.get('/stories/:slug', { schema: { hide: true } }, async (request, reply) => {
    const brand = await loadSiteBrand(db);
    const slug = Slug.safeParse((request.params as { slug: string }).slug);
    const story = brand && slug.success ? await findPublishedStory(db, brand.orgId, slug.data) : undefined;
    if (!brand || !story) return notFound(request, reply, 'story');
    return sendPage(reply, request, brand, {
      title: story.title,
      description: `${story.displayName} tells their story.`,
      path: `/stories/${story.slug}`,
      body: storyPageBody(story),
    });
  });

  app.get('/site/images/:id', { schema: { hide: true } }, async (request, reply) => {
    const id = z.uuid().safeParse((request.params as { id: string }).id);
    const brand = await loadSiteBrand(db);
    const image = id.success && brand ? await readImage(db, id.data) : undefined;
    if (!image || image.orgId !== brand?.orgId) return notFound(request, reply, 'image');
    return reply
      .type(image.contentType)
      .header('cache-control', 'public, max-age=86400')
      .header('etag', `"${image.sha256}"`)
      .send(image.bytes);
  });
}
