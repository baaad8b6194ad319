import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { hashPassword } from '../../src/server/features/auth/password-hash.ts';
import { type Session, signIn, TEST_PASSWORD, type TestContext } from './clinic.ts';
import { createPatient } from './schedule.ts';

export type Ledger = {
  admin: Session;
  nurse: Session;
  nurse2: { email: string; id: string; session: Session };
  locationId: string;
  ketamine: string;
  esketamine: string;
  cabinets: [string, string];
  patientId: string;
  post(session: Session, path: string, payload: unknown): Promise<Response>;
  get(session: Session, path: string): Promise<Response>;
  receive(
    session: Session,
    fields?: Record<string, unknown>,
  ): Promise<{ lotId: string; entry: Record<string, unknown> }>;
};

export const KETAMINE = {
  name: 'Ketamine HCl injection 50 mg/mL',
  ndc: '0409-2051-05',
  form: 'vial',
  baseUnit: 'mg',
  mgPerMl: 50,
  containerSize: '10 mL vial',
  unitsPerContainer: 500,
};

export const ESKETAMINE = {
  name: 'SPRAVATO (esketamine) nasal spray 28 mg',
  ndc: '50458-028-02',
  form: 'nasal-device',
  baseUnit: 'device',
  mgPerDevice: 28,
  containerSize: '1 device (28 mg)',
  unitsPerContainer: 1,
};

export const SUPPLIER = {
  supplierName: 'Henry Schein Medical',
  supplierAddress: '135 Duryea Road, Melville, NY 11747',
  supplierDea: 'RH0123454',
  invoiceNumber: 'INV-1001',
  invoiceDate: '2026-02-27',
};

/** A second nurse: a witness for the first. */
async function addNurse(t: TestContext): Promise<{ email: string; id: string }> {
  const email = 'second-nurse@test-clinic.test';
  const { id } = await t.database.db
    .insertInto('users')
    .values({
      org_id: t.clinic.orgId,
      email,
      name: 'Second Nurse',
      password_hash: await hashPassword(TEST_PASSWORD),
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('user_roles')
    .values({ org_id: t.clinic.orgId, user_id: id, role: 'nurse' })
    .execute();
  return { email, id };
}

/** A location with two cabinets, both products, and a patient. */
export async function setUpLedger(t: TestContext): Promise<Ledger> {
  const admin = await signIn(t, 'admin');
  const nurse = await signIn(t, 'nurse');
  const second = await addNurse(t);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: second.email, password: TEST_PASSWORD },
  });
  const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
  const jar = Object.fromEntries(cookies.map((c) => c.split(';')[0]?.split('=') as [string, string]));
  const nurse2Session: Session = {
    cookie: `kf_session=${jar.kf_session}; kf_csrf=${jar.kf_csrf}`,
    csrf: jar.kf_csrf ?? '',
    headers: {
      cookie: `kf_session=${jar.kf_session}; kf_csrf=${jar.kf_csrf}`,
      'x-csrf-token': jar.kf_csrf ?? '',
    },
  };
  const post = (session: Session, path: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/inventory${path}`,
      headers: session.headers,
      payload: payload as object,
    });
  const get = (session: Session, path: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/inventory${path}`, headers: session.headers });

  const location = await t.app.inject({
    method: 'POST',
    url: '/api/v1/locations',
    headers: admin.headers,
    payload: {
      name: 'Midtown',
      addressLine1: '1 Example Avenue',
      city: 'New York',
      state: 'NY',
      postalCode: '10001',
      timeZone: 'America/New_York',
    },
  });
  expect(location.statusCode, location.body).toBe(201);
  const locationId = location.json().id as string;
  const ket = await post(admin, '/products', KETAMINE);
  expect(ket.statusCode, ket.body).toBe(201);
  const esk = await post(admin, '/products', ESKETAMINE);
  expect(esk.statusCode, esk.body).toBe(201);
  const cabinets: string[] = [];
  for (const name of ['Cabinet A', 'Cabinet B']) {
    const res = await post(admin, '/cabinets', { locationId, name });
    expect(res.statusCode, res.body).toBe(201);
    cabinets.push(res.json().id);
  }
  const patientId = await createPatient(t, nurse, {
    addressLine1: '5 Main St',
    city: 'New York',
    state: 'NY',
    postalCode: '10002',
  });
  let lotCounter = 0;
  const ketamine = ket.json().id as string;
  const receive = async (session: Session, fields: Record<string, unknown> = {}) => {
    lotCounter += 1;
    const res = await post(session, '/receipts', {
      productId: ketamine,
      cabinetId: cabinets[0],
      lotNumber: `K${lotCounter}`,
      expiresOn: '2027-12-31',
      containers: 2,
      ...SUPPLIER,
      ...fields,
    });
    expect(res.statusCode, res.body).toBe(201);
    const entry = res.json().entry;
    return { lotId: entry.lotId as string, entry };
  };
  return {
    admin,
    nurse,
    nurse2: { ...second, session: nurse2Session },
    locationId,
    ketamine,
    esketamine: esk.json().id,
    cabinets: cabinets as [string, string],
    patientId,
    post,
    get,
    receive,
  };
}

export async function ledgerRows(t: TestContext) {
  return t.database.db
    .selectFrom('ledger_entries')
    .select(['seq', 'kind', 'quantity', 'balance_after'])
    .orderBy('seq')
    .execute();
}
