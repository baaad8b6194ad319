import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import { createTestApp, type Session, seedClinic, signIn, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
let admin: Session;
let otherOrgId: string;
beforeAll(async () => {
  t = await createTestApp();
  otherOrgId = (await seedClinic(t.database.db, 'Other Clinic', false)).orgId;
  admin = await signIn(t, 'admin');
});
afterAll(() => t.close());

type Response = Awaited<ReturnType<TestContext['app']['inject']>>;
const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = admin.headers) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const fields = (res: Response) => (res.json().errors ?? []).map((e: { field: string }) => e.field);

const downtown = {
  name: 'Downtown',
  addressLine1: '100 Main Street',
  addressLine2: 'Suite 4',
  city: 'Portland',
  state: 'OR',
  postalCode: '97204',
  phone: '+1 503 555 0100',
  timeZone: 'America/Los_Angeles',
};

describe('locations', () => {
  it('creates, lists and edits a location, and audits both writes', async () => {
    const created = await api('POST', '/api/v1/locations', downtown);
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect(created.json()).toEqual({ id, ...downtown, deaRegistration: null });

    const list = await api('GET', '/api/v1/locations');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toContainEqual({ id, ...downtown, deaRegistration: null });

    const edited = {
      ...downtown,
      name: 'Downtown Portland',
      addressLine2: null,
      phone: null,
      timeZone: 'UTC',
    };
    const updated = await api('PUT', `/api/v1/locations/${id}`, edited);
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toEqual({ id, ...edited, deaRegistration: null });
    expect((await api('GET', '/api/v1/locations')).json().items).toContainEqual({
      id,
      ...edited,
      deaRegistration: null,
    });

    await sealAll(t.database.db);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('entity_type', '=', 'location')
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'create', user_id: t.clinic.users.admin.id },
      { action: 'update', user_id: t.clinic.users.admin.id },
    ]);
  });

  it('trims text and stores empty optional fields as null', async () => {
    const res = await api('POST', '/api/v1/locations', {
      ...downtown,
      name: '  Eastside  ',
      addressLine2: '   ',
      phone: '',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Eastside', addressLine2: null, phone: null });
  });

  it('refuses an unknown time zone, naming timeZone', async () => {
    for (const timeZone of ['Mars/Olympus_Mons', 'EST5EDT; DROP TABLE locations', '', 'america/new_york ']) {
      const res = await api('POST', '/api/v1/locations', { ...downtown, timeZone });
      expect(res.statusCode, timeZone).toBe(400);
      expect(res.json().type).toBe('/problems/validation-failed');
      expect(fields(res), timeZone).toEqual(['body.timeZone']);
    }
  });

  it('keeps the DEA registration: upper-cased, kept when an edit leaves it out, cleared when blank', async () => {
    const created = await api('POST', '/api/v1/locations', {
      ...downtown,
      name: 'Registered',
      deaRegistration: ' fd1234563 ',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    expect(created.json().deaRegistration).toBe('FD1234563');
    const renamed = await api('PUT', `/api/v1/locations/${id}`, { ...downtown, name: 'Registered 2' });
    expect(renamed.json()).toMatchObject({ name: 'Registered 2', deaRegistration: 'FD1234563' });
    const cleared = await api('PUT', `/api/v1/locations/${id}`, { ...downtown, deaRegistration: '' });
    expect(cleared.json().deaRegistration).toBeNull();
  });

  it('refuses a DEA number of the wrong shape or with a wrong check digit, naming deaRegistration', async () => {
    const cases: [string, string][] = [
      ['AB123456', 'A DEA number is two letters and seven digits, like AB1234563.'],
      ['1B1234563', 'A DEA number is two letters and seven digits, like AB1234563.'],
      ['AB1234564', 'This DEA number’s last digit does not match the others; check it for a typing error.'],
    ];
    for (const [deaRegistration, message] of cases) {
      const res = await api('POST', '/api/v1/locations', { ...downtown, name: 'Bad', deaRegistration });
      expect(res.statusCode, deaRegistration).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors).toEqual([{ field: 'body.deaRegistration', message }]);
    }
    const names = (await api('GET', '/api/v1/locations')).json().items.map((l: { name: string }) => l.name);
    expect(names).not.toContain('Bad');
  });

  it('refuses missing required fields and a malformed phone number, naming each', async () => {
    const { name: _n, city: _c, ...rest } = downtown;
    const missing = await api('POST', '/api/v1/locations', rest);
    expect(missing.statusCode).toBe(400);
    expect(fields(missing).sort()).toEqual(['body.city', 'body.name']);
    const phone = await api('POST', '/api/v1/locations', { ...downtown, phone: 'call us' });
    expect(phone.statusCode).toBe(400);
    expect(fields(phone)).toEqual(['body.phone']);
  });

  it('answers 404 for a location of another organisation, and never lists it', async () => {
    const theirs = await t.database.db
      .insertInto('locations')
      .values({
        org_id: otherOrgId,
        name: 'Their Place',
        address_line1: '1 Elsewhere Road',
        city: 'Elsewhere',
        state: 'WA',
        postal_code: '98101',
        time_zone: 'America/Los_Angeles',
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await api('PUT', `/api/v1/locations/${theirs.id}`, downtown);
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toBe('/problems/not-found');
    const row = await t.database.db
      .selectFrom('locations')
      .select('name')
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Their Place');
    const names = (await api('GET', '/api/v1/locations')).json().items.map((l: { name: string }) => l.name);
    expect(names).not.toContain('Their Place');
  });

  it('answers 404 for a location that does not exist, and 400 for an id that is not a UUID', async () => {
    expect((await api('PUT', `/api/v1/locations/${crypto.randomUUID()}`, downtown)).statusCode).toBe(404);
    const bad = await api('PUT', '/api/v1/locations/not-a-uuid', downtown);
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['params.id']);
  });

  it('lets a nurse list locations but not create or edit them', async () => {
    const nurse = await signIn(t, 'nurse');
    const list = await api('GET', '/api/v1/locations', undefined, nurse.headers);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
    const before = list.json().items.length;

    const create = await api(
      'POST',
      '/api/v1/locations',
      { ...downtown, name: 'Nurse Annex' },
      nurse.headers,
    );
    expect(create.statusCode).toBe(403);
    expect(create.json().type).toBe('/problems/forbidden');
    const edit = await api('PUT', `/api/v1/locations/${list.json().items[0].id}`, downtown, nurse.headers);
    expect(edit.statusCode).toBe(403);
    expect((await api('GET', '/api/v1/locations', undefined, nurse.headers)).json().items).toHaveLength(
      before,
    );
  });
});
