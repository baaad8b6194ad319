import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
let admin: Session;
let nurse: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t, 'admin');
  nurse = await signIn(t, 'nurse');
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/locations',
    headers: admin.headers,
    payload: {
      name: 'Our Midtown clinic',
      addressLine1: '1 Example Plaza',
      city: 'New York',
      state: 'NY',
      postalCode: '10018',
      timeZone: 'America/New_York',
    },
  });
});
afterAll(() => t.close());

type Response = Awaited<ReturnType<TestContext['app']['inject']>>;
const fields = (res: Response) => (res.json().errors ?? []).map((e: { field: string }) => e.field);
const near = (query: string) => t.app.inject({ method: 'GET', url: `/api/v1/clinics/near?${query}` });
const post = (url: string, payload: object, session = admin) =>
  t.app.inject({ method: 'POST', url, headers: session.headers, payload });
const count = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('directory_clinics')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const CSV = `name,address,city,state,zip,phone,website,services,accreditations
Hoboken Ketamine Care,1 River St,Hoboken,NJ,07030,201 555 0100,https://hoboken.example,IV ketamine;Psychotherapy,Joint Commission
"Brooklyn Mind, PC",22 Court St,Brooklyn,ny,11201,718 555 0101,,Esketamine (REMS-certified),
Philadelphia Esketamine Center,5 Market St,Philadelphia,PA,19106,,https://philly.example,esketamine-rems;medication-management,
Boston Wellness,9 Beacon St,Boston,MA,02108,617-555-0102,,iv-ketamine,
Los Angeles Clinic,100 Main St,Los Angeles,CA,90012,,,IV ketamine,
`;

describe('clinic directory import', () => {
  it('previews a file with every row’s problems, and an import with problems changes nothing', async () => {
    const bad = `${CSV}Broken Clinic,,Nowhere,ZZ,00000,call us,ftp://x,Reiki,
"<script>alert(1)</script>",3 Elm St,Albany,NY,12207-1234,,,,\n`;
    const preview = await post('/api/v1/directory/preview', { csv: bad });
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({ valid: 6, invalid: 1 });
    expect(body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual([
      '7:address',
      '7:state',
      '7:zip',
      '7:phone',
      '7:website',
      '7:services',
    ]);
    expect(body.sample.find((s: { line: number }) => s.line === 8)).toMatchObject({
      zip: '12207',
      state: 'NY',
    });

    const refused = await post('/api/v1/directory/import', { csv: bad });
    expect(refused.statusCode).toBe(400);
    expect(fields(refused)).toContain('body.csv.line-7.zip');
    expect(await count()).toBe(0);
  });

  it('refuses a file without the required columns, and non-admins', async () => {
    const res = await post('/api/v1/directory/preview', { csv: 'name,city\nA,B\n' });
    expect(res.json().errors[0]).toMatchObject({ line: 1, field: 'header' });
    expect((await post('/api/v1/directory/import', { csv: CSV }, nurse)).statusCode).toBe(403);
    expect(await count()).toBe(0);
  });

  it('imports a clean file with centroids from the ZIP code, and audits it', async () => {
    const res = await post('/api/v1/directory/import', { csv: CSV, mode: 'replace' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ imported: 5, removed: 0, total: 5 });
    const brooklyn = await t.database.db
      .selectFrom('directory_clinics')
      .selectAll()
      .where('zip', '=', '11201')
      .executeTakeFirstOrThrow();
    expect(brooklyn).toMatchObject({ name: 'Brooklyn Mind, PC', state: 'NY', services: ['esketamine-rems'] });
    expect(brooklyn.latitude).toBeCloseTo(40.69, 1);
    const again = await post('/api/v1/directory/import', { csv: CSV, mode: 'replace' });
    expect(again.json()).toEqual({ imported: 5, removed: 5, total: 5 });
    await sealAll(t.database.db);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'clinic-directory')
      .execute();
    expect(audit).toHaveLength(2);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/directory', headers: admin.headers });
    expect(list.json().total).toBe(5);
  });
});

describe('clinics near a place', () => {
  it('sorts by distance from a ZIP code and keeps to the radius, our own location included', async () => {
    const res = await near('zip=10001&radiusMiles=100');
    expect(res.statusCode, res.body).toBe(200);
    const { clinics } = res.json();
    expect(clinics.map((c: { name: string }) => c.name)).toEqual([
      'Our Midtown clinic',
      'Hoboken Ketamine Care',
      'Brooklyn Mind, PC',
      'Philadelphia Esketamine Center',
    ]);
    expect(clinics[0].kind).toBe('our-location');
    const distances = clinics.map((c: { distanceMiles: number }) => c.distanceMiles);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances.every((d: number) => d <= 100)).toBe(true);
    expect(clinics[3].distanceMiles).toBeGreaterThan(75);
    expect(clinics[1].services).toEqual([
      { id: 'iv-ketamine', label: 'IV ketamine' },
      { id: 'psychotherapy', label: 'Psychotherapy' },
    ]);

    const wide = (await near('zip=10001&radiusMiles=3000')).json().clinics;
    expect(wide.at(-1).name).toBe('Los Angeles Clinic');
    expect(wide).toHaveLength(6);
    const tight = (await near('zip=10001&radiusMiles=1')).json().clinics;
    expect(tight.map((c: { name: string }) => c.name)).toEqual(['Our Midtown clinic']);
    expect((await near('zip=99501&radiusMiles=1')).json().clinics).toEqual([]);
  });

  it('searches by city and state, and by latitude and longitude', async () => {
    const byCity = (await near('city=Boston&state=MA&radiusMiles=10')).json();
    expect(byCity.clinics.map((c: { name: string }) => c.name)).toEqual(['Boston Wellness']);
    const byPosition = (await near('lat=34.05&lon=-118.24&radiusMiles=25')).json();
    expect(byPosition.clinics.map((c: { name: string }) => c.name)).toEqual(['Los Angeles Clinic']);
  });

  it.each([
    ['an unknown ZIP', 'zip=00000&radiusMiles=50', 'querystring.zip'],
    ['a ZIP that is not five digits', 'zip=abc&radiusMiles=50', 'querystring.zip'],
    ['nothing to search from', 'radiusMiles=50', 'querystring.zip'],
    ['a radius of 0', 'zip=10001&radiusMiles=0', 'querystring.radiusMiles'],
    ['a radius over 3000', 'zip=10001&radiusMiles=3001', 'querystring.radiusMiles'],
    ['a city without a state', 'city=Boston', 'querystring.state'],
    ['an unknown city', 'city=Atlantis&state=MA', 'querystring.city'],
    ['a latitude alone', 'lat=40', 'querystring.lon'],
    ['a latitude beyond the pole', 'lat=91&lon=0', 'querystring.lat'],
  ])('answers %s with 400 problem+json naming the field', async (_label, query, field) => {
    const res = await near(query);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fields(res)).toEqual([field]);
  });
});
