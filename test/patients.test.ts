import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import { createTestApp, type Session, seedClinic, signIn, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
let nurse: Session;
beforeAll(async () => {
  t = await createTestApp();
  nurse = await signIn(t, 'nurse');
});
afterAll(() => t.close());

const base = {
  legalGivenName: 'Jordan',
  legalFamilyName: 'Rivera',
  dateOfBirth: '1984-03-09',
  sexAtBirth: 'female',
  phone: '(212) 555-0142',
  driverName: 'Sam Rivera',
  driverPhone: '+1 212 555 0143',
};

const post = (session: Session, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/patients', headers: session.headers, payload });
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers });

describe('patient registry', () => {
  let id: string;

  it('registers a patient with a generated MRN, status lead by default, and audits it', async () => {
    const res = await post(nurse, base);
    expect(res.statusCode, res.body).toBe(201);
    const patient = res.json();
    expect(patient).toMatchObject({
      ...base,
      mrn: 'MRN-000001',
      status: 'lead',
      version: 1,
      preferredName: null,
    });
    id = patient.id;
    await sealAll(t.database.db);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('patient_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('create');
    expect(JSON.stringify(audit)).not.toContain('Rivera');
  });

  it('warns of a duplicate (same name and date of birth) with 409, and registers it when confirmed', async () => {
    const dup = await post(nurse, { ...base, legalGivenName: 'JORDAN', phone: null });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().detail).toContain('MRN-000001');
    expect(dup.json().duplicates).toEqual([{ id: expect.any(String), mrn: 'MRN-000001' }]);
    expect(await t.database.db.selectFrom('patients').select('id').execute()).toHaveLength(1);
    const confirmed = await post(nurse, {
      ...base,
      legalGivenName: 'JORDAN',
      phone: null,
      confirmDuplicate: true,
    });
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json().mrn).toBe('MRN-000002');
  });

  it('refuses bad input naming the field and stores nothing', async () => {
    for (const [payload, field] of [
      [{ ...base, dateOfBirth: '2999-01-01' }, 'body.dateOfBirth'],
      [{ ...base, dateOfBirth: '09/03/1984' }, 'body.dateOfBirth'],
      [{ ...base, sexAtBirth: 'x' }, 'body.sexAtBirth'],
      [{ ...base, phone: 'call me' }, 'body.phone'],
      [{ ...base, legalFamilyName: '  ' }, 'body.legalFamilyName'],
      [{ ...base, shoeSize: 9 }, 'body.shoeSize'],
    ] as const) {
      const res = await post(nurse, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await t.database.db.selectFrom('patients').select('id').execute()).toHaveLength(2);
  });

  it('finds patients by name fragment, date of birth, MRN and phone digits', async () => {
    await post(nurse, {
      ...base,
      legalGivenName: 'Alex',
      legalFamilyName: 'Chen',
      dateOfBirth: '1990-12-01',
      phone: '646-555-0199',
    });
    const search = async (q: string) =>
      (await get(nurse, `/api/v1/patients?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((p: { legalFamilyName: string }) => p.legalFamilyName);
    expect(await search('riv')).toEqual(['Rivera', 'Rivera']);
    expect(await search('che al')).toEqual(['Chen']);
    expect(await search('1990-12-01')).toEqual(['Chen']);
    expect(await search('12/1/1990')).toEqual(['Chen']);
    expect(await search('MRN-000003')).toEqual(['Chen']);
    expect(await search('5550199')).toEqual(['Chen']);
    expect(await search('%')).toEqual([]);
  });

  it('pages through results', async () => {
    const first = (await get(nurse, '/api/v1/patients?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const second = (await get(nurse, '/api/v1/patients?limit=2&offset=2')).json();
    expect(second.items).toHaveLength(1);
    expect(second.hasMore).toBe(false);
  });

  it('updates with the version read, refuses a stale version with 409, and audits field names only', async () => {
    const current = (await get(nurse, `/api/v1/patients/${id}`)).json();
    const { id: _id, careTeam: _c, createdAt: _a, updatedAt: _u, ...editable } = current;
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/patients/${id}`,
      headers: nurse.headers,
      payload: { ...editable, preferredName: 'Jo', status: 'intake', mrn: 'A-100' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ preferredName: 'Jo', status: 'intake', mrn: 'A-100', version: 2 });
    const stale = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/patients/${id}`,
      headers: nurse.headers,
      payload: { ...editable, preferredName: 'Joey' },
    });
    expect(stale.statusCode).toBe(409);
    await sealAll(t.database.db);
    const update = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('patient_id', '=', id)
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(update.details).toEqual({ changed: ['preferredName', 'status', 'mrn'] });
  });

  it('sets a care team of this clinic’s staff only', async () => {
    const other = await seedClinic(t.database.db, 'Other Clinic', false);
    const ok = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/patients/${id}/care-team`,
      headers: nurse.headers,
      payload: { userIds: [t.clinic.users.prescriber.id, t.clinic.users.nurse.id] },
    });
    expect(ok.statusCode).toBe(200);
    expect(
      ok
        .json()
        .careTeam.map((m: { roles: string[] }) => m.roles[0])
        .sort(),
    ).toEqual(['nurse', 'prescriber']);
    for (const userIds of [[other.users.nurse.id], [t.clinic.users.patient.id]]) {
      const bad = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/patients/${id}/care-team`,
        headers: nurse.headers,
        payload: { userIds },
      });
      expect(bad.statusCode).toBe(400);
    }
  });

  it('hides another organisation’s patients (404) and keeps admins and patients to their permissions', async () => {
    const other = await seedClinic(t.database.db, 'Third Clinic', false);
    const { id: foreignId } = await t.database.db
      .insertInto('patients')
      .values({
        org_id: other.orgId,
        mrn: 'X-1',
        legal_given_name: 'Not',
        legal_family_name: 'Yours',
        date_of_birth: '1970-01-01',
        sex_at_birth: 'male',
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await get(nurse, `/api/v1/patients/${foreignId}`)).statusCode).toBe(404);
    expect((await get(nurse, '/api/v1/patients?q=yours')).json().items).toEqual([]);
    const admin = await signIn(t, 'admin');
    expect((await get(admin, `/api/v1/patients/${id}`)).statusCode).toBe(200);
    expect((await post(admin, { ...base, legalGivenName: 'Admin' })).statusCode).toBe(403);
    const patient = await signIn(t, 'patient');
    expect((await get(patient, `/api/v1/patients/${id}`)).statusCode).toBe(403);
  });

  it('audits a search as one read per patient shown', async () => {
    await sealAll(t.database.db);
    const before = await t.database.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'read')
      .execute();
    const found = (await get(nurse, '/api/v1/patients?q=rivera')).json().items;
    await sealAll(t.database.db);
    const after = await t.database.db
      .selectFrom('audit_log')
      .select(['patient_id'])
      .where('action', '=', 'read')
      .execute();
    expect(after.length - before.length).toBe(found.length);
  });
});
