import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import { createTestApp, type Session, seedClinic, signIn, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
let admin: Session;
let frontDesk: Session;
let locationId: string;
let otherLocationId: string;

// A 1x1 PNG.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t, 'admin');
  frontDesk = await signIn(t, 'front_desk');
  const location = (values: { org_id: string; name: string }) =>
    t.database.db
      .insertInto('locations')
      .values({
        ...values,
        address_line1: '100 Main Street',
        city: 'Portland',
        state: 'OR',
        postal_code: '97204',
        phone: '+1 503 555 0100',
        time_zone: 'America/Los_Angeles',
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  locationId = (await location({ org_id: t.clinic.orgId, name: 'Downtown' })).id;
  const other = await seedClinic(t.database.db, 'Other Clinic', false);
  otherLocationId = (await location({ org_id: other.orgId, name: 'Elsewhere' })).id;
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const api = (method: Method, url: string, payload?: unknown, session = admin) =>
  t.app.inject({
    method,
    url,
    headers: session.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const fields = (res: { json: () => { errors?: { field: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.field);
const count = async (table: 'site_stories' | 'site_location_pages' | 'site_images') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const story = {
  slug: 'finding-my-feet',
  title: 'Finding my feet <again>',
  displayName: 'Sam, 34',
  body: 'I was low for years.\n\nAfter the course I <b>felt</b> able to work again.',
  consentGivenBy: 'Sam Rivera (the patient)',
  consentGivenAt: '2026-01-10T15:00:00Z',
  consentText: 'I agree that the clinic may publish my story on its website under the name "Sam, 34".',
};

describe('patient stories', () => {
  let id: string;

  it('refuses a story without recorded consent, naming each field, and stores nothing', async () => {
    const { consentGivenBy: _a, consentText: _b, consentGivenAt: _c, ...noConsent } = story;
    const res = await api('POST', '/api/v1/site/stories', noConsent);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res)).toEqual(
      expect.arrayContaining(['body.consentGivenBy', 'body.consentGivenAt', 'body.consentText']),
    );
    const future = await api('POST', '/api/v1/site/stories', {
      ...story,
      consentGivenAt: '2999-01-01T00:00:00Z',
    });
    expect(future.statusCode).toBe(400);
    expect(fields(future)).toEqual(['body.consentGivenAt']);
    const badSlug = await api('POST', '/api/v1/site/stories', {
      ...story,
      slug: 'Not A Slug',
      title: 'x'.repeat(201),
    });
    expect(fields(badSlug)).toEqual(expect.arrayContaining(['body.slug', 'body.title']));
    expect(await count('site_stories')).toBe(0);
  });

  it('is not public until published, then shows its HTML as text', async () => {
    const created = await api('POST', '/api/v1/site/stories', story);
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    expect((await t.app.inject({ method: 'GET', url: '/stories/finding-my-feet' })).statusCode).toBe(404);

    expect((await api('POST', `/api/v1/site/stories/${id}/publish`)).statusCode).toBe(204);
    const page = await t.app.inject({ method: 'GET', url: '/stories/finding-my-feet' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Finding my feet &lt;again&gt;');
    expect(page.body).toContain('I &lt;b&gt;felt&lt;/b&gt; able');
    expect(page.body).not.toContain('<b>felt</b>');
    expect((await t.app.inject({ method: 'GET', url: '/stories' })).body).toContain(
      'href="/stories/finding-my-feet"',
    );
    const search = await t.app.inject({ method: 'GET', url: '/search?q=course' });
    expect(search.body).toContain('href="/stories/finding-my-feet"');

    const listed = await api('GET', '/api/v1/site/stories');
    expect(listed.json().items[0]).toMatchObject({
      consentGivenBy: story.consentGivenBy,
      consentText: story.consentText,
      consentGivenAt: '2026-01-10T15:00:00.000Z',
      consentRecordedBy: t.clinic.users.admin.id,
    });
    expect(listed.json().items[0].publishedAt).not.toBeNull();
  });

  it('comes down when consent is withdrawn and cannot be published again', async () => {
    expect((await api('POST', `/api/v1/site/stories/${id}/withdraw-consent`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/stories/finding-my-feet' })).statusCode).toBe(404);
    expect((await api('POST', `/api/v1/site/stories/${id}/publish`)).statusCode).toBe(409);
    const search = await t.app.inject({ method: 'GET', url: '/search?q=course' });
    expect(search.body).not.toContain('href="/stories/finding-my-feet"');
  });

  it('audits every change, and is closed to staff without site:manage', async () => {
    await sealAll(t.database.db);
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where('entity_type', '=', 'site_story')
      .execute();
    expect(rows.length).toBe(3);
    expect((await api('GET', '/api/v1/site/stories', undefined, frontDesk)).statusCode).toBe(403);
    expect((await api('POST', '/api/v1/site/stories', story, frontDesk)).statusCode).toBe(403);
  });
});

describe('location pages', () => {
  const pageBody = {
    slug: 'downtown',
    intro: 'A quiet clinic near the river. <script>alert(1)</script>',
    amenities: ['Free parking', 'Step-free entrance'],
    tour: [
      { title: 'Arrive', text: 'Check in at the front desk on the first floor.' },
      { title: 'Rest', text: 'Your chair is in a private room with dim lights.' },
    ],
    published: true,
  };

  it('publishes a location page with photos and a tour, shown as text', async () => {
    const upload = await api('POST', '/api/v1/site/images', { dataBase64: PNG });
    expect(upload.statusCode).toBe(201);
    expect(upload.json()).toMatchObject({ width: 1, height: 1 });
    const imageId = upload.json().id;
    expect((await api('PUT', `/api/v1/site/locations/${locationId}`, pageBody)).statusCode).toBe(204);
    expect(
      (
        await api('POST', `/api/v1/site/locations/${locationId}/photos`, {
          imageId,
          altText: 'The waiting room',
        })
      ).statusCode,
    ).toBe(201);

    const page = await t.app.inject({ method: 'GET', url: '/locations/downtown' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toContain(`<img src="/site/images/${imageId}" alt="The waiting room"`);
    expect(page.body).toContain('What a visit looks like');
    expect(page.body).toContain('Step-free entrance');
    expect(page.body).toContain('"@type":"MedicalClinic"');

    const image = await t.app.inject({ method: 'GET', url: `/site/images/${imageId}` });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    const sitemap = await t.app.inject({ method: 'GET', url: '/sitemap.xml' });
    expect(sitemap.body).toContain('/locations/downtown</loc>');
    const home = await t.app.inject({ method: 'GET', url: '/' });
    expect(home.body).toContain('"addressLocality":"Portland"');
  });

  it('refuses bad input naming the field and leaves the page as it was', async () => {
    const before = await t.database.db.selectFrom('site_location_pages').selectAll().execute();
    const res = await api('PUT', `/api/v1/site/locations/${locationId}`, {
      ...pageBody,
      slug: '../etc',
      amenities: Array.from({ length: 21 }, () => 'x'),
      tour: [{ title: '', text: 'y'.repeat(1001) }],
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(
      expect.arrayContaining(['body.slug', 'body.amenities', 'body.tour.0.title', 'body.tour.0.text']),
    );
    expect(await t.database.db.selectFrom('site_location_pages').selectAll().execute()).toEqual(before);
  });

  it('refuses a file that is not an image', async () => {
    const images = await count('site_images');
    const res = await api('POST', '/api/v1/site/images', {
      dataBase64: Buffer.from('<svg onload=alert(1)>').toString('base64'),
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['body.dataBase64']);
    expect(await count('site_images')).toBe(images);
  });

  it("answers 404 for another organisation's location", async () => {
    expect(
      (await api('PUT', `/api/v1/site/locations/${otherLocationId}`, { ...pageBody, slug: 'elsewhere' }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await api('POST', `/api/v1/site/locations/${otherLocationId}/photos`, {
          imageId: locationId,
          altText: 'x',
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('branding', () => {
  it('refuses a colour too light for white text, naming the field', async () => {
    const res = await api('PUT', '/api/v1/settings/branding', {
      brandColor: '#ffff00',
      accentColor: '#0b3d62',
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['body.brandColor']);
  });

  it('saves the clinic name and colours, and the public site uses them', async () => {
    const res = await api('PUT', '/api/v1/settings/branding', {
      siteName: 'River <Clinic>',
      brandColor: '#1A5E3A',
      helplinePhone: '+1 503 555 0199',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ siteName: 'River <Clinic>', brandColor: '#1a5e3a' });
    const home = await t.app.inject({ method: 'GET', url: '/' });
    expect(home.body).toContain('River &lt;Clinic&gt;');
    expect(home.body).toContain('tel:+15035550199');
    const href = /href="(\/site\.css\?v=[0-9a-f]+)"/.exec(home.body)?.[1] ?? '';
    const css = await t.app.inject({ method: 'GET', url: href });
    expect(css.body).toContain('--brand:#1a5e3a');
    expect((await api('PUT', '/api/v1/settings/branding', { siteName: 'x' }, frontDesk)).statusCode).toBe(
      403,
    );
  });
});
