import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { hashPassword } from '../src/server/features/auth/password-hash.ts';
import { DEFAULT_SESSION_POLICIES } from '../src/server/features/settings/session-policies.ts';
import { currentTotp, type Session, signIn, TEST_PASSWORD, type TestContext } from './helpers/clinic.ts';
import { book, createPatient, type Scheduling, setUpScheduling } from './helpers/schedule.ts';

/** Friday 27 November 2026, 09:00 in New York. */
export const DAY_START = new Date('2026-11-27T14:00:00Z');

export const MINUTE = 60_000;

export type SessionSetup = Scheduling & { bookingId: string; patientId: string; desk: Session };

/** An IV ketamine booking starting 10 minutes after the clock, and the clock moved to its start. */
export async function bookTodayIv(t: TestContext, chair = 0, s?: Scheduling): Promise<SessionSetup> {
  const scheduling = s ?? (await setUpScheduling(t));
  const desk = await signIn(t, 'front_desk');
  const patientId = await createPatient(t, desk);
  const startsAt = new Date(t.clock.now.getTime() + 10 * MINUTE);
  const res = await book(t, desk, {
    chairId: scheduling.chairIds[chair],
    patientId,
    route: 'iv-ketamine',
    startsAt: startsAt.toISOString(),
  });
  expect(res.statusCode, res.body).toBe(201);
  t.clock.now = startsAt;
  return { ...scheduling, bookingId: res.json().id, patientId, desk };
}

export const CHECK_IN = {
  identityConfirmed: true,
  rideHome: { confirmed: true, driverName: 'Sam Driver' },
  medicationsToday: 'Sertraline 100 mg this morning',
  mood: { kind: 'rating', value: 4 },
};

export function checkInRequest(
  t: TestContext,
  session: Session,
  bookingId: string,
  payload: object = CHECK_IN,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${bookingId}/session`,
    headers: session.headers,
    payload,
  });
}

export function vitalsEntry(vitals: Record<string, number>, at: Date, extra: Record<string, unknown> = {}) {
  return { id: randomUUID(), clientAt: at.toISOString(), kind: 'check', vitals, ...extra };
}

export function post(t: TestContext, session: Session, url: string, payload: object) {
  return t.app.inject({ method: 'POST', url, headers: session.headers, payload });
}

/** A 50 mg vial of ketamine: a 35 mg dose leaves 15 mg in the open vial. */
export const KETAMINE_VIAL = {
  name: 'Ketamine HCl injection 10 mg/mL, 5 mL vial',
  ndc: '0409-2053-05',
  form: 'vial',
  baseUnit: 'mg',
  mgPerMl: 10,
  containerSize: '5 mL vial',
  unitsPerContainer: 50,
};

export const ESKETAMINE_DEVICE = {
  name: 'SPRAVATO (esketamine) nasal spray 28 mg',
  ndc: '50458-028-02',
  form: 'nasal-device',
  baseUnit: 'device',
  mgPerDevice: 28,
  containerSize: '1 device (28 mg)',
  unitsPerContainer: 1,
};

export type Stock = {
  cabinetId: string;
  ketamineProductId: string;
  esketamineProductId: string;
  /** Lot K-2211 of the ketamine vial, `containers` vials in the cabinet. */
  ketamineLotId: string;
  receive(productId: string, lotNumber: string, containers: number, expiresOn?: string): Promise<string>;
};

/** Controlled-substance stock at the session's location: both products, a cabinet, lot K-2211 (4 vials). */
export async function stockTheCabinet(t: TestContext, s: Scheduling): Promise<Stock> {
  const admin = await signIn(t, 'admin');
  const nurse = await signIn(t, 'nurse');
  const create = async (path: string, payload: object) => {
    const res = await post(t, admin, `/api/v1/inventory${path}`, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const ketamineProductId = await create('/products', KETAMINE_VIAL);
  const esketamineProductId = await create('/products', ESKETAMINE_DEVICE);
  const cabinetId = await create('/cabinets', { locationId: s.locationId, name: 'Treatment room safe' });
  const receive = async (
    productId: string,
    lotNumber: string,
    containers: number,
    expiresOn = '2031-12-31',
  ) => {
    const res = await post(t, nurse, '/api/v1/inventory/receipts', {
      productId,
      cabinetId,
      lotNumber,
      expiresOn,
      containers,
      supplierName: 'Henry Schein Medical',
      supplierAddress: '135 Duryea Road, Melville, NY 11747',
      supplierDea: 'RH0123454',
      invoiceNumber: `INV-${lotNumber}`,
      invoiceDate: t.clock.now.toISOString().slice(0, 10),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().entry.lotId as string;
  };
  const ketamineLotId = await receive(ketamineProductId, 'K-2211', 4);
  return { cabinetId, ketamineProductId, esketamineProductId, ketamineLotId, receive };
}

/** Another nurse of the clinic (made once), who witnesses by signing in with TEST_PASSWORD on the spot. */
export async function addWitnessNurse(
  t: TestContext,
  name = 'Wendy Witness',
): Promise<{ id: string; email: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}@test-clinic.test`;
  const existing = await t.database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) return { id: existing.id, email };
  const { id } = await t.database.db
    .insertInto('users')
    .values({
      org_id: t.clinic.orgId,
      email,
      name,
      password_hash: await hashPassword(TEST_PASSWORD),
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('user_roles')
    .values({ org_id: t.clinic.orgId, user_id: id, role: 'nurse' })
    .execute();
  return { id, email };
}

/** The dose's witness (Wendy Witness, made on first use) signing in on the spot, as the body carries it. */
export async function doseWitnesses(t: TestContext): Promise<{ email: string; password: string }[]> {
  const { email } = await addWitnessNurse(t);
  return [{ email, password: TEST_PASSWORD }];
}

/** The clinic's prescriber ordering the dose at the chair (sign-in with a fresh TOTP, the reason, 70 kg). */
export async function prescriberOrder(t: TestContext, extra: Record<string, unknown> = {}) {
  const prescriber = t.clinic.users.prescriber;
  // A second-factor step is usable once; let the order use the current one (as signIn does).
  await t.database.db
    .updateTable('users')
    .set({ mfa_last_step: null })
    .where('id', '=', prescriber.id)
    .execute();
  return {
    email: prescriber.email,
    password: TEST_PASSWORD,
    totp: currentTotp(prescriber.mfaSecret as string, t.clock.now),
    reason: 'Booked outside the plan; dose ordered at the chair after review.',
    weightKg: 70,
    ...extra,
  };
}

/**
 * What recording a dose carries besides its own fields: the witness signing in and, for a dose no
 * plan backs (the default; `order: false` for a plan's dose), a prescriber's order signed here.
 */
export async function doseSignatures(
  t: TestContext,
  options: { order?: boolean | Record<string, unknown> } = {},
): Promise<{ witnesses: { email: string; password: string }[]; prescriberOrder?: object }> {
  const witnesses = await doseWitnesses(t);
  if (options.order === false) return { witnesses };
  const extra = typeof options.order === 'object' ? options.order : {};
  return { witnesses, prescriberOrder: await prescriberOrder(t, extra) };
}

/** The default session policies as an admin sends them (values only). */
export function sessionPolicyValues() {
  const d = DEFAULT_SESSION_POLICIES;
  const strip = <T extends object>(value: T) => {
    const {
      evidence: _e,
      clinicPolicy: _c,
      note: _n,
      ...rest
    } = value as T & {
      evidence?: unknown;
      clinicPolicy?: unknown;
      note?: unknown;
    };
    return rest;
  };
  return {
    preDoseGates: {
      esketamine: strip(d.preDoseGates.esketamine),
      'iv-ketamine': strip(d.preDoseGates['iv-ketamine']),
    },
    vitalsSchedules: {
      esketamine: strip(d.vitalsSchedules.esketamine),
      'iv-ketamine': strip(d.vitalsSchedules['iv-ketamine']),
    },
    alertThresholds: d.alertThresholds.map(strip),
    vitalsBeforeDischargeWithinMin: d.vitalsBeforeDischargeWithinMin.value,
    dischargeChecklist: { esketamine: [], 'iv-ketamine': [] },
    fasting: d.fasting.value,
    pregnancyTestRequired: d.pregnancyTestRequired.value,
    minutesBetweenDevices: d.minutesBetweenDevices.value,
    lateAfterMinutes: d.lateAfterMinutes.value,
    cosignRequired: d.cosignRequired.value,
    afterSessionMeasures: d.afterSessionMeasures.value,
    dischargeMethod: d.dischargeMethod.value,
    wasteOpenVial: d.wasteOpenVial.value,
  };
}
