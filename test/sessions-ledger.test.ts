import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLot, insertProduct } from '../src/server/features/inventory/store.ts';
import { can, ROLE_PERMISSIONS } from '../src/server/http/permissions.ts';
import {
  createTestApp,
  type Session,
  seedClinic,
  signIn,
  TEST_PASSWORD,
  type TestContext,
} from './helpers/clinic.ts';
import { book, createPatient, setUpScheduling } from './helpers/schedule.ts';
import {
  addWitnessNurse,
  bookTodayIv,
  checkInRequest,
  DAY_START,
  doseSignatures,
  MINUTE,
  post,
  type SessionSetup,
  type Stock,
  stockTheCabinet,
  vitalsEntry,
} from './sessions-helpers.ts';

// The session link of the controlled-substance ledger (issue 6, item 8): the chart's administration
// writes the ledger entry in its own transaction, and a partly used vial is wasted, witnessed, before
// the note is signed.
let t: TestContext;
let first: SessionSetup;
let stock: Stock;
let nurse: Session;
let witness: { id: string; email: string };

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  const scheduling = await setUpScheduling(t, ['Chair 1', 'Chair 2', 'Chair 3', 'Chair 4']);
  first = await bookTodayIv(t, 0, scheduling);
  stock = await stockTheCabinet(t, scheduling);
  witness = await addWitnessNurse(t);
  nurse = await signIn(t, 'nurse');
});
afterAll(() => t.close());

async function count(table: 'session_administrations' | 'ledger_entries', sessionId?: string) {
  let q = t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'));
  if (sessionId) q = q.where('session_id', '=', sessionId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

async function balance(lotId: string): Promise<number> {
  const row = await t.database.db
    .selectFrom('ledger_balances')
    .select('balance')
    .where('lot_id', '=', lotId)
    .where('cabinet_id', '=', stock.cabinetId)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

async function checkedIn(booking: SessionSetup, systolicMmHg = 124, diastolicMmHg = 78): Promise<string> {
  nurse = await signIn(t, 'nurse');
  const res = await checkInRequest(t, nurse, booking.bookingId);
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const bp = await post(
    t,
    nurse,
    `/api/v1/sessions/${id}/entries`,
    vitalsEntry({ systolicMmHg, diastolicMmHg, heartRateBpm: 76, spo2Percent: 98 }, t.clock.now),
  );
  expect(bp.statusCode, bp.body).toBe(201);
  return id;
}

async function administer(sessionId: string, fields: Record<string, unknown> = {}) {
  return post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
    doseMg: 35,
    lotId: stock.ketamineLotId,
    cabinetId: stock.cabinetId,
    startedAt: t.clock.now.toISOString(),
    pumpRateMlPerH: 150,
    ...(await doseSignatures(t)),
    ...fields,
  });
}

function chart(sessionId: string) {
  return t.app.inject({ url: `/api/v1/sessions/${sessionId}`, headers: nurse.headers });
}

describe('the administration and its ledger entry', () => {
  it('a gate-blocked administration writes no ledger entry', async () => {
    const sessionId = await checkedIn(first, 152, 94);
    const before = await count('ledger_entries');
    const res = await administer(sessionId);
    expect(res.statusCode, res.body).toBe(409);
    expect(await count('ledger_entries')).toBe(before);
    expect(await count('session_administrations', sessionId)).toBe(0);
    expect(await balance(stock.ketamineLotId)).toBe(200);
  });

  let sessionId: string;
  let sessionBooking: SessionSetup;

  it('refuses an unknown lot, another clinic’s lot, the wrong product and an expired lot, naming the field', async () => {
    sessionBooking = await bookTodayIv(t, 1, first);
    sessionId = await checkedIn(sessionBooking);
    const other = await seedClinic(t.database.db, 'Other Clinic', false);
    const product = await insertProduct(
      t.database.db,
      other.orgId,
      {
        name: 'Ketamine HCl injection 10 mg/mL, 5 mL vial',
        ndc: '0409-2053-05',
        form: 'vial',
        baseUnit: 'mg',
        mgPerMl: 10,
        mgPerDevice: null,
        containerSize: '5 mL vial',
        unitsPerContainer: 500,
      },
      t.clock.now,
    );
    const othersLot = await insertLot(
      t.database.db,
      other.orgId,
      {
        productId: product.id,
        lotNumber: 'K-2211',
        expiresOn: '2031-12-31',
        supplierName: 'Henry Schein Medical',
        supplierAddress: '135 Duryea Road, Melville, NY 11747',
        supplierDea: 'RH0123454',
        invoiceNumber: 'INV-9',
        invoiceDate: '2026-11-01',
      },
      t.clock.now,
    );
    const esketamineLot = await stock.receive(stock.esketamineProductId, 'ESK-1', 4);
    const expiredLot = await stock.receive(stock.ketamineProductId, 'K-OLD', 1, '2026-11-26');
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['unknown lot', { lotId: randomUUID() }, 'body.lotId', /No such lot/],
      ['another clinic’s lot', { lotId: othersLot }, 'body.lotId', /No such lot/],
      ['an esketamine lot for IV ketamine', { lotId: esketamineLot }, 'body.lotId', /ketamine vials/],
      ['a lot expired the day before', { lotId: expiredLot }, 'body.lotId', /expired on 2026-11-26/],
      ['an unknown cabinet', { cabinetId: randomUUID() }, 'body.cabinetId', /No such cabinet/],
    ];
    const ledgerBefore = await count('ledger_entries');
    for (const [what, fields, field, message] of cases) {
      const res = await administer(sessionId, fields);
      expect(res.statusCode, what).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors, what).toEqual([{ field, message: expect.stringMatching(message) }]);
    }
    expect(await count('ledger_entries')).toBe(ledgerBefore);
    expect(await count('session_administrations', sessionId)).toBe(0);
  });

  it('takes a lot that expires on the day of the dose', async () => {
    const lastDay = await stock.receive(stock.ketamineProductId, 'K-LASTDAY', 1, '2026-11-27');
    const sessionIdElsewhere = await checkedIn(await bookTodayIv(t, 2, first));
    const res = await administer(sessionIdElsewhere, { lotId: lastDay });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().administration).toMatchObject({ lotNumber: 'K-LASTDAY', lotExpiry: '2026-11-27' });
  });

  it('writes neither row when the lot has less in the cabinet than the dose', async () => {
    const low = await stock.receive(stock.ketamineProductId, 'K-LOW', 1);
    const drawn = await post(t, nurse, '/api/v1/inventory/administrations', {
      lotId: low,
      cabinetId: stock.cabinetId,
      quantity: 20,
      patientId: first.patientId,
    });
    expect(drawn.statusCode, drawn.body).toBe(201);
    const ledgerBefore = await count('ledger_entries');
    const res = await administer(sessionId, { lotId: low });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'body.lotId',
        message: 'Only 30 mg of lot K-LOW are in Treatment room safe; 35 are needed.',
      },
    ]);
    expect(await count('ledger_entries')).toBe(ledgerBefore);
    expect(await count('session_administrations', sessionId)).toBe(0);
    expect(await balance(low)).toBe(30);
    const after = await chart(sessionId);
    expect(after.json()).toMatchObject({ phase: 'checked-in', administration: null });
  });

  it('writes exactly one ledger entry naming the session, and the balance drops', async () => {
    const res = await administer(sessionId);
    expect(res.statusCode, res.body).toBe(201);
    const entries = await t.database.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('session_id', '=', sessionId)
      .execute();
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      kind: 'administration',
      lot_id: stock.ketamineLotId,
      cabinet_id: stock.cabinetId,
      quantity: '-35.0',
      balance_after: '165.0',
      actor_id: t.clinic.users.nurse.id,
      patient_id: sessionBooking.patientId,
      booking_id: sessionBooking.bookingId,
    });
    const row = await t.database.db
      .selectFrom('session_administrations')
      .select(['ledger_entry_id', 'lot_number', 'lot_expiry'])
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ledger_entry_id: entry?.id, lot_number: 'K-2211' });
    expect(await balance(stock.ketamineLotId)).toBe(165);
    expect(res.json().administration).toMatchObject({
      lotNumber: 'K-2211',
      lotExpiry: '2031-12-31',
      ledgerEntryId: entry?.id,
      wasteDue: {
        quantity: 15,
        unit: 'mg',
        lotId: stock.ketamineLotId,
        lotNumber: 'K-2211',
        cabinetId: stock.cabinetId,
        administrationEntryId: entry?.id,
      },
      waste: null,
    });
  });

  it('no longer takes the free-text lot fields', async () => {
    const res = await administer(sessionId, { lotNumber: 'K-2211', lotExpiry: '2031-12-31' });
    expect(res.statusCode).toBe(400);
  });
});

describe('the witnessed waste of the open vial', () => {
  let sessionId: string;
  let doseAt: Date;

  beforeAll(async () => {
    sessionId = (
      await t.database.db
        .selectFrom('session_administrations')
        .select('session_id')
        .where('lot_number', '=', 'K-2211')
        .executeTakeFirstOrThrow()
    ).session_id;
    const started = await t.database.db
      .selectFrom('session_administrations')
      .select('started_at')
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    doseAt = started.started_at;
    t.clock.now = new Date(doseAt.getTime() + 40 * MINUTE);
    nurse = await signIn(t, 'nurse');
    const ended = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration/changes`, {
      id: randomUUID(),
      change: 'ended',
      at: t.clock.now.toISOString(),
    });
    expect(ended.statusCode, ended.body).toBe(201);
    t.clock.now = new Date(doseAt.getTime() + 101 * MINUTE);
    nurse = await signIn(t, 'nurse');
    const check = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 126, diastolicMmHg: 80, heartRateBpm: 74, spo2Percent: 98 }, t.clock.now, {
        moaas: 5,
        dissociation: 0,
      }),
    );
    expect(check.statusCode, check.body).toBe(201);
    const criteria = (await chart(sessionId)).json().discharge.criteria.map((c: { id: string }) => c.id);
    const out = await post(t, nurse, `/api/v1/sessions/${sessionId}/discharge`, {
      confirmed: criteria,
      instructionsGiven: 'printed',
    });
    expect(out.statusCode, out.body).toBe(200);
  });

  const waste = (fields: Record<string, unknown> = {}) =>
    post(t, nurse, `/api/v1/sessions/${sessionId}/waste`, {
      quantity: 15,
      reason: 'Remainder of the vial after the dose',
      witnesses: [{ email: witness.email, password: TEST_PASSWORD }],
      ...fields,
    });

  async function wasteEntries() {
    return t.database.db.selectFrom('ledger_entries').selectAll().where('kind', '=', 'waste').execute();
  }

  it('refuses to sign while the waste is due, naming it', async () => {
    const res = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, { password: TEST_PASSWORD });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'administration.waste',
        message: 'Record the witnessed waste of 15 mg left in the vial of lot K-2211.',
      },
    ]);
  });

  it('refuses the nurse as her own witness and a wrong witness password, writing nothing', async () => {
    const self = await waste({ witnesses: [{ email: t.clinic.users.nurse.email, password: TEST_PASSWORD }] });
    expect(self.statusCode, self.body).toBe(400);
    expect(self.json().errors).toEqual([{ field: 'body.witnesses.0.email', message: expect.any(String) }]);
    const wrong = await waste({ witnesses: [{ email: witness.email, password: 'not-the-password' }] });
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.json().errors).toEqual([
      { field: 'body.witnesses.0.password', message: expect.any(String) },
    ]);
    const none = await waste({ witnesses: [] });
    expect(none.statusCode, none.body).toBe(400);
    expect(none.json().errors[0].field).toBe('body.witnesses');
    expect(await wasteEntries()).toHaveLength(0);
    expect(await balance(stock.ketamineLotId)).toBe(165);
  });

  it('refuses less than the remainder, naming the amount', async () => {
    const res = await waste({ quantity: 10 });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'body.quantity', message: 'Waste all 15 mg left in the vial of lot K-2211.' },
    ]);
    expect(await wasteEntries()).toHaveLength(0);
  });

  it('records the witnessed waste against the administration, then lets the note be signed', async () => {
    const res = await waste();
    expect(res.statusCode, res.body).toBe(201);
    const administration = res.json().administration;
    expect(administration.wasteDue).toBeNull();
    expect(administration.waste).toEqual({
      entryId: expect.any(String),
      quantity: 15,
      unit: 'mg',
      reason: 'Remainder of the vial after the dose',
      recordedBy: 'nurse user',
      witnesses: ['Wendy Witness'],
      at: t.clock.now.toISOString().replace(/Z$/, '000Z'),
    });
    const [entry] = await wasteEntries();
    expect(entry).toMatchObject({
      id: administration.waste.entryId,
      related_entry_id: administration.ledgerEntryId,
      patient_id: res.json().patient.id,
      quantity: '-15.0',
      witness_ids: [witness.id],
      actor_id: t.clinic.users.nurse.id,
    });
    expect(await balance(stock.ketamineLotId)).toBe(150);

    const again = await waste();
    expect(again.statusCode).toBe(409);
    expect(await wasteEntries()).toHaveLength(1);

    const signed = await post(t, nurse, `/api/v1/sessions/${sessionId}/sign`, { password: TEST_PASSWORD });
    expect(signed.statusCode, signed.body).toBe(200);
    const read = await chart(sessionId);
    expect(read.json().administration.waste).toMatchObject({ quantity: 15, witnesses: ['Wendy Witness'] });
  });

  it('audited the administration and the waste with the patient', async () => {
    const rows = await t.database.db
      .selectFrom('audit_pending')
      .select(['action', 'entity_type', 'entity_id', 'patient_id'])
      .where('entity_type', 'in', ['session_waste', 'session_administration', 'ledger_entry'])
      .execute();
    const patientId = (await chart(sessionId)).json().patient.id;
    expect(rows).toContainEqual({
      action: 'create',
      entity_type: 'session_waste',
      entity_id: sessionId,
      patient_id: patientId,
    });
    const ledgerAudits = rows.filter((r) => r.entity_type === 'ledger_entry' && r.patient_id === patientId);
    expect(ledgerAudits).toHaveLength(2);
  });

  it('leaves a ledger that verifies', async () => {
    const admin = await signIn(t, 'admin');
    const res = await t.app.inject({ url: '/api/v1/inventory/verify', headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, entries: await count('ledger_entries') });
  });
});

describe('esketamine', () => {
  it('takes devices from a nasal-device lot, one per device time, and leaves nothing to waste', async () => {
    nurse = await signIn(t, 'nurse');
    const patientId = await createPatient(t, nurse);
    const enrol = await post(t, nurse, `/api/v1/patients/${patientId}/rems-enrolment`, {
      reference: 'REMS-0042',
    });
    expect(enrol.statusCode, enrol.body).toBe(201);
    const startsAt = new Date(t.clock.now.getTime() + 10 * MINUTE);
    const booked = await book(t, nurse, {
      chairId: first.chairIds[3],
      patientId,
      route: 'esketamine',
      startsAt: startsAt.toISOString(),
    });
    expect(booked.statusCode, booked.body).toBe(201);
    t.clock.now = startsAt;
    nurse = await signIn(t, 'nurse');
    const checkIn = await post(t, nurse, `/api/v1/bookings/${booked.json().id}/session`, {
      identityConfirmed: true,
      fasting: {
        lastFoodAt: new Date(startsAt.getTime() - 180 * MINUTE).toISOString(),
        lastLiquidsAt: new Date(startsAt.getTime() - 60 * MINUTE).toISOString(),
      },
      rideHome: { confirmed: true, driverName: 'Sam Driver' },
      medicationsToday: 'none',
      mood: { kind: 'rating', value: 4 },
    });
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    const sessionId = checkIn.json().id as string;
    const bp = await post(
      t,
      nurse,
      `/api/v1/sessions/${sessionId}/entries`,
      vitalsEntry({ systolicMmHg: 124, diastolicMmHg: 78 }, t.clock.now),
    );
    expect(bp.statusCode, bp.body).toBe(201);
    const firstDevice = new Date(startsAt.getTime() + MINUTE);
    t.clock.now = new Date(startsAt.getTime() + 7 * MINUTE);
    const body = {
      doseMg: 56,
      cabinetId: stock.cabinetId,
      deviceTimes: [firstDevice.toISOString(), new Date(firstDevice.getTime() + 5 * MINUTE).toISOString()],
      ...(await doseSignatures(t)),
    };
    const vial = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
      ...body,
      lotId: stock.ketamineLotId,
    });
    expect(vial.statusCode, vial.body).toBe(400);
    expect(vial.json().errors).toEqual([
      { field: 'body.lotId', message: expect.stringMatching(/esketamine nasal devices/) },
    ]);
    const eskLot = (
      await t.database.db
        .selectFrom('cs_lots')
        .select('id')
        .where('lot_number', '=', 'ESK-1')
        .executeTakeFirstOrThrow()
    ).id;
    const given = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
      ...body,
      lotId: eskLot,
    });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json().administration).toMatchObject({ lotNumber: 'ESK-1', wasteDue: null, waste: null });
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select(['quantity', 'balance_after', 'session_id'])
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ quantity: '-2.0', balance_after: '2.0' });
  });
});

describe('permissions', () => {
  it('every role that charts sessions may also record controlled-substance stock', () => {
    for (const [role, permissions] of Object.entries(ROLE_PERMISSIONS)) {
      if (permissions.includes('sessions:chart')) {
        expect(can([role as keyof typeof ROLE_PERMISSIONS], 'inventory:record'), role).toBe(true);
      }
    }
  });

  it('the front desk cannot record a waste', async () => {
    const desk = await signIn(t, 'front_desk');
    const res = await post(t, desk, `/api/v1/sessions/${randomUUID()}/waste`, {
      quantity: 1,
      reason: 'x',
      witnesses: [],
    });
    expect(res.statusCode).toBe(403);
  });
});
