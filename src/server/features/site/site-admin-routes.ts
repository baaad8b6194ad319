import { z } from 'zod';
import { IdParams, problems, requiredText } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { IMAGE_MAX_BYTES } from './image-upload.ts';
import {
  addLocationPhoto,
  createStory,
  listAdminLocations,
  listAdminStories,
  removeLocationPhoto,
  saveLocationPage,
  setStoryPublished,
  uploadImage,
  withdrawStoryConsent,
} from './site-admin-service.ts';

const Slug = z
  .string()
  .trim()
  .min(1, 'Enter a web address.')
  .max(80, 'Keep the web address to 80 characters or fewer.')
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'Use lowercase letters, digits and single dashes, like "downtown-clinic".',
  );

const LocationPageBody = z.strictObject({
  slug: Slug,
  intro: z.string().trim().max(4000, 'Keep the introduction to 4,000 characters or fewer.'),
  amenities: z
    .array(requiredText(120, 'Describe the amenity.'), 'List the amenities.')
    .max(20, 'List at most 20 amenities.'),
  tour: z
    .array(
      z.strictObject({
        title: requiredText(120, 'Give the step a short title.'),
        text: requiredText(1000, 'Describe the step.'),
      }),
    )
    .max(12, 'Describe the visit in at most 12 steps.'),
  published: z.boolean(),
});

const StoryBody = z.strictObject({
  slug: Slug,
  title: requiredText(200, 'Give the story a title.'),
  displayName: requiredText(120, 'Enter the name to show, such as a first name and age.'),
  body: requiredText(20_000, 'Enter the story.'),
  consentGivenBy: requiredText(200, 'Enter who gave consent.'),
  consentGivenAt: z.iso.datetime({
    offset: true,
    error: 'Enter when consent was given, with its UTC offset.',
  }),
  consentText: requiredText(4000, 'Enter the words the person agreed to.'),
});

const StorySchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  displayName: z.string(),
  body: z.string(),
  consentGivenBy: z.string(),
  consentGivenAt: z.string(),
  consentText: z.string(),
  consentRecordedBy: z.string(),
  consentRecordedByName: z.string(),
  consentWithdrawnAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
});

const AdminLocationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  city: z.string(),
  state: z.string(),
  page: z
    .object({
      slug: z.string(),
      intro: z.string(),
      amenities: z.array(z.string()),
      tour: z.array(z.object({ title: z.string(), text: z.string() })),
      published: z.boolean(),
      updatedAt: z.string().nullable(),
    })
    .nullable(),
  photos: z.array(z.object({ id: z.uuid(), imageId: z.uuid(), altText: z.string() })),
});

const access = { access: { permission: 'site:manage' as const } };

/** Staff manage location pages, photos and consented stories (permission site:manage). */
export function siteAdminRoutes(app: App): void {
  app.get(
    '/api/v1/site/locations',
    {
      config: access,
      schema: {
        tags: ['site'],
        summary: "The clinic's locations with their public page, if any, and photos",
        response: { 200: z.object({ items: z.array(AdminLocationSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await listAdminLocations(request.ctx) }),
  );

  app.put(
    '/api/v1/site/locations/:id',
    {
      config: access,
      schema: {
        tags: ['site'],
        summary: 'Write or publish the public page of a location (intro, amenities, the visit tour)',
        params: IdParams,
        body: LocationPageBody,
        response: { 204: z.null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await saveLocationPage(request.ctx, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/site/images',
    {
      config: access,
      // Base64 adds a third to the 2 MB image.
      bodyLimit: Math.ceil(IMAGE_MAX_BYTES * 1.4) + 1000,
      schema: {
        tags: ['site'],
        summary: 'Upload an image (PNG, JPEG or WebP, at most 2 MB) for the public site',
        body: z.strictObject({
          dataBase64: z
            .string()
            .min(1, 'Choose an image.')
            .max(Math.ceil(IMAGE_MAX_BYTES * 1.37) + 8, 'Upload an image of at most 2 MB.')
            .regex(/^[A-Za-z0-9+/]+=*$/, 'Send the image as base64.'),
        }),
        response: {
          201: z.object({ id: z.uuid(), width: z.number().nullable(), height: z.number().nullable() }),
          ...problems(400, 401, 403, 413),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await uploadImage(request.ctx, request.body.dataBase64)),
  );

  app.post(
    '/api/v1/site/locations/:id/photos',
    {
      config: access,
      schema: {
        tags: ['site'],
        summary: "Add an uploaded image to a location's page, with its text alternative",
        params: IdParams,
        body: z.strictObject({
          imageId: z.uuid('Upload the photo first.'),
          altText: requiredText(300, 'Describe the photo for people who cannot see it.'),
        }),
        response: { 201: z.object({ id: z.uuid() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addLocationPhoto(request.ctx, request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/site/photos/:id',
    {
      config: access,
      schema: {
        tags: ['site'],
        summary: "Take a photo off a location's page",
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeLocationPhoto(request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/site/stories',
    {
      config: access,
      schema: {
        tags: ['site'],
        summary: 'Patient stories with their recorded consent and whether each is published',
        response: { 200: z.object({ items: z.array(StorySchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await listAdminStories(request.ctx) }),
  );

  app.post(
    '/api/v1/site/stories',
    {
      config: access,
      schema: {
        tags: ['site'],
        summary: 'Add a patient story together with the consent to publish it (unpublished at first)',
        body: StoryBody,
        response: { 201: z.object({ id: z.uuid() }), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await createStory(request.ctx, {
          ...request.body,
          consentGivenAt: new Date(request.body.consentGivenAt),
        }),
      ),
  );

  for (const [action, publish] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    app.post(
      `/api/v1/site/stories/:id/${action}`,
      {
        config: access,
        schema: {
          tags: ['site'],
          summary: publish ? 'Publish a story whose consent is on record' : 'Take a story off the site',
          params: IdParams,
          response: { 204: z.null(), ...problems(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await setStoryPublished(request.ctx, request.params.id, publish);
        return reply.code(204).send(null);
      },
    );
  }

  app.post(
    '/api/v1/site/stories/:id/withdraw-consent',
    {
      config: access,
      schema: {
        tags: ['site'],
        summary: 'Record that the person withdrew consent: the story comes down and cannot be republished',
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await withdrawStoryConsent(request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
