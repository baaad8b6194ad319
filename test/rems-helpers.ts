import { expect } from 'vitest';
import { type Session, signIn, TEST_PASSWORD, type TestContext } from './helpers/clinic.ts';
import { ESKETAMINE, SUPPLIER } from './helpers/ledger.ts';
import { book, createPatient, type Scheduling, setUpScheduling } from './helpers/schedule.ts';
import { doseSignatures, MINUTE, post, vitalsEntry } from './sessions-helpers.ts';

/** A clinic ready for esketamine: the location's chairs and hours, a cabinet with SPRAVATO devices. */
export type EsketamineClinic = Scheduling & { lotId: string; lotNumber: string; cabinetId: string };

export async function setUpEsketamineClinic(t: TestContext): Promise<EsketamineClinic> {
  const s = await setUpScheduling(t);
  const nurse = await signIn(t, 'nurse');
  const inv = (session: Session, path: string, payload: object) =>
    post(t, session, `/api/v1/inventory${path}`, payload);
  const product = await inv(s.admin, '/products', ESKETAMINE);
  expect(product.statusCode, product.body).toBe(201);
  const cabinet = await inv(s.admin, '/cabinets', { locationId: s.locationId, name: 'Cabinet A' });
  expect(cabinet.statusCode, cabinet.body).toBe(201);
  const lotNumber = 'ESK-2207';
  const receipt = await inv(nurse, '/receipts', {
    productId: product.json().id,
    cabinetId: cabinet.json().id,
    lotNumber,
    expiresOn: '2028-06-30',
    containers: 20,
    ...SUPPLIER,
  });
  expect(receipt.statusCode, receipt.body).toBe(201);
  return { ...s, lotId: receipt.json().entry.lotId, lotNumber, cabinetId: cabinet.json().id };
}

/** A patient enrolled in the SPRAVATO REMS (required before esketamine is booked). */
export async function enrolledPatient(t: TestContext, fields: Record<string, unknown> = {}): Promise<string> {
  const nurse = await signIn(t, 'nurse');
  const patientId = await createPatient(t, nurse, fields);
  const enrol = await post(t, nurse, `/api/v1/patients/${patientId}/rems-enrolment`, {
    reference: 'REMS-0042',
  });
  expect(enrol.statusCode, enrol.body).toBe(201);
  return patientId;
}

export type SessionShape = {
  preDose: Record<string, number>;
  at10: { vitals: Record<string, number>; moaas: number; dissociation: number };
  at40: Record<string, number>;
};

export const TYPICAL: SessionShape = {
  preDose: {
    systolicMmHg: 128,
    diastolicMmHg: 82,
    heartRateBpm: 76,
    spo2Percent: 98,
    respiratoryRatePerMin: 14,
  },
  at10: { vitals: { spo2Percent: 95 }, moaas: 4, dissociation: 2 },
  at40: { systolicMmHg: 172, diastolicMmHg: 96, heartRateBpm: 88, spo2Percent: 97 },
};

/**
 * Books an esketamine session at `startsAt` (the clock moves there), checks in, gives 56 mg (two
 * devices 5 min apart), charts the checks, discharges after 2 h and signs the note as the nurse.
 * Returns the session id. `sign: false` stops before signing.
 */
export async function signedEsketamineSession(
  t: TestContext,
  c: EsketamineClinic,
  patientId: string,
  startsAt: Date,
  options: { sign?: boolean; shape?: SessionShape } = {},
): Promise<string> {
  const shape = options.shape ?? TYPICAL;
  t.clock.now = new Date(startsAt.getTime() - 60 * MINUTE);
  const desk = await signIn(t, 'front_desk');
  const booked = await book(t, desk, {
    chairId: c.chairIds[0],
    patientId,
    route: 'esketamine',
    startsAt: startsAt.toISOString(),
  });
  expect(booked.statusCode, booked.body).toBe(201);
  t.clock.now = startsAt;
  const nurse = await signIn(t, 'nurse');
  const checkIn = await post(t, nurse, `/api/v1/bookings/${booked.json().id}/session`, {
    identityConfirmed: true,
    fasting: {
      lastFoodAt: new Date(startsAt.getTime() - 180 * MINUTE).toISOString(),
      lastLiquidsAt: new Date(startsAt.getTime() - 60 * MINUTE).toISOString(),
    },
    rideHome: { confirmed: true, driverName: 'Sam Driver' },
    medicationsToday: 'Sertraline 100 mg; lorazepam 0.5 mg as needed',
    mood: { kind: 'rating', value: 4 },
  });
  expect(checkIn.statusCode, checkIn.body).toBe(201);
  const id = checkIn.json().id as string;
  const entry = (payload: object) => post(t, nurse, `/api/v1/sessions/${id}/entries`, payload);
  expect((await entry(vitalsEntry(shape.preDose, t.clock.now))).statusCode).toBe(201);

  const chartNow = await t.app.inject({ url: `/api/v1/sessions/${id}`, headers: nurse.headers });
  if (chartNow.json().gate.status === 'blocked') {
    const prescriber = await signIn(t, 'prescriber');
    const decided = await post(t, prescriber, `/api/v1/sessions/${id}/gate-decision`, {
      decision: 'proceed',
      reason: 'Repeat reading after rest was lower; proceed with close checks.',
    });
    expect(decided.statusCode, decided.body).toBe(200);
  }
  const first = new Date(startsAt.getTime() + 5 * MINUTE);
  t.clock.now = new Date(first.getTime() + 5 * MINUTE);
  const given = await post(t, nurse, `/api/v1/sessions/${id}/administration`, {
    doseMg: 56,
    lotId: c.lotId,
    cabinetId: c.cabinetId,
    deviceTimes: [first.toISOString(), new Date(first.getTime() + 5 * MINUTE).toISOString()],
    ...(await doseSignatures(t)),
  });
  expect(given.statusCode, given.body).toBe(201);

  const at = (min: number) => new Date(first.getTime() + min * MINUTE);
  t.clock.now = at(10);
  expect(
    (
      await entry(
        vitalsEntry(shape.at10.vitals, t.clock.now, {
          moaas: shape.at10.moaas,
          dissociation: shape.at10.dissociation,
        }),
      )
    ).statusCode,
  ).toBe(201);
  t.clock.now = at(41);
  expect((await entry(vitalsEntry(shape.at40, t.clock.now, { moaas: 5, dissociation: 1 }))).statusCode).toBe(
    201,
  );
  t.clock.now = at(118);
  const last = vitalsEntry(
    { systolicMmHg: 132, diastolicMmHg: 84, heartRateBpm: 74, spo2Percent: 98 },
    t.clock.now,
    { moaas: 5, dissociation: 0 },
  );
  expect((await entry(last)).statusCode).toBe(201);
  t.clock.now = at(122);
  const chart = await t.app.inject({ url: `/api/v1/sessions/${id}`, headers: nurse.headers });
  for (const alert of chart.json().alerts.filter((a: { acknowledged: unknown }) => !a.acknowledged)) {
    const ack = await post(t, nurse, `/api/v1/sessions/${id}/alerts/${alert.id}/acknowledge`, {
      note: 'Prescriber informed; recovered without treatment.',
    });
    expect(ack.statusCode, ack.body).toBe(200);
  }
  const criteria = chart.json().discharge.criteria.map((x: { id: string }) => x.id);
  const out = await post(t, nurse, `/api/v1/sessions/${id}/discharge`, {
    confirmed: criteria,
    instructionsGiven: 'printed',
  });
  expect(out.statusCode, out.body).toBe(200);
  if (options.sign === false) return id;
  const signed = await post(t, nurse, `/api/v1/sessions/${id}/sign`, {
    password: TEST_PASSWORD,
    note: 'Tolerated; transient rise in blood pressure settled without treatment.',
  });
  expect(signed.statusCode, signed.body).toBe(200);
  return id;
}
