import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findSessionForEntry,
  insertEntryIfSessionUnchanged,
  type NewEntry,
} from '../src/server/features/sessions/entry-store.ts';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';
import { bookTodayIv, checkInRequest, DAY_START, MINUTE, post, vitalsEntry } from './sessions-helpers.ts';

let t: TestContext;
let nurse: Session;
let sessionId: string;

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  const s = await bookTodayIv(t);
  nurse = await signIn(t, 'nurse');
  const res = await checkInRequest(t, nurse, s.bookingId);
  expect(res.statusCode, res.body).toBe(201);
  sessionId = res.json().id;
});
afterAll(() => t.close());

async function entryCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('session_entries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const url = () => `/api/v1/sessions/${sessionId}/entries`;

/** Rows about one entry: the entry, its alerts and its audit records (pending or sealed). */
async function writtenFor(entryId: string) {
  const db = t.database.db;
  const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }) =>
    Number((await query.executeTakeFirstOrThrow()).n);
  return {
    entries: await count(
      db
        .selectFrom('session_entries')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('id', '=', entryId),
    ),
    alerts: await count(
      db
        .selectFrom('session_alerts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('entry_id', '=', entryId),
    ),
    audit:
      (await count(
        db
          .selectFrom('audit_pending')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('entity_type', '=', 'session_entry')
          .where('entity_id', '=', entryId),
      )) +
      (await count(
        db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('entity_type', '=', 'session_entry')
          .where('entity_id', '=', entryId),
      )),
  };
}

describe('monitoring entries', () => {
  it('stores an entry sent twice once, answering both times alike', async () => {
    const entry = vitalsEntry({ systolicMmHg: 200, diastolicMmHg: 100, spo2Percent: 97 }, t.clock.now);
    const before = await entryCount();
    const first = await post(t, nurse, url(), entry);
    const second = await post(t, nurse, url(), entry);
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(await entryCount()).toBe(before + 1);
    const alerts = await t.database.db
      .selectFrom('session_alerts')
      .selectAll()
      .where('entry_id', '=', entry.id)
      .execute();
    expect(alerts).toHaveLength(1);
  });

  it('answers a new entry with the entry and alerts the chart then shows for it', async () => {
    const entry = vitalsEntry(
      { systolicMmHg: 200, diastolicMmHg: 115, spo2Percent: 88, heartRateBpm: 140 },
      t.clock.now,
    );
    const res = await post(t, nurse, url(), entry);
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json();
    expect(answer.alerts.map((a: { thresholdId: string }) => a.thresholdId)).toEqual([
      'diastolic-high',
      'heart-rate-high',
      'spo2-low',
      'systolic-high',
    ]);
    const chart = await t.app.inject({ url: `/api/v1/sessions/${sessionId}`, headers: nurse.headers });
    expect(chart.statusCode, chart.body).toBe(200);
    const shown = chart.json();
    expect(answer.alerts).toEqual(shown.alerts.filter((a: { entryId: string }) => a.entryId === entry.id));
    const charted = shown.entries.find((e: { id: string }) => e.id === entry.id);
    expect(charted).toMatchObject(answer.entry);
    const again = await post(t, nurse, url(), entry);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(answer);
  });

  it('audits a new entry once, naming the patient, and not its replay', async () => {
    const entry = vitalsEntry({ systolicMmHg: 185 }, t.clock.now);
    expect((await post(t, nurse, url(), entry)).statusCode).toBe(201);
    expect((await post(t, nurse, url(), entry)).statusCode).toBe(200);
    expect(await writtenFor(entry.id)).toEqual({ entries: 1, alerts: 1, audit: 1 });
    const record = await t.database.db
      .selectFrom('audit_pending')
      .selectAll()
      .where('entity_id', '=', entry.id)
      .executeTakeFirstOrThrow();
    const session = await t.database.db
      .selectFrom('treatment_sessions')
      .select(['patient_id', 'org_id'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      org_id: session.org_id,
      action: 'create',
      patient_id: session.patient_id,
      user_email: expect.stringContaining('@'),
      roles: ['nurse'],
      outcome: 'success',
      details: { sessionId, kind: 'check', late: false, alerts: ['systolic-high'] },
    });
    expect(record.at.getTime()).toBe(t.clock.now.getTime());
  });

  it('writes nothing in its one statement when the session changed after it was read', async () => {
    const db = t.database.db;
    const entry = vitalsEntry({ systolicMmHg: 190 }, t.clock.now);
    const read = async () => {
      const seen = await findSessionForEntry(db, t.clinic.orgId, sessionId, entry.id);
      if (!seen) throw new Error('no session');
      return seen;
    };
    const row: NewEntry = {
      id: entry.id,
      kind: 'check',
      pre_dose: true,
      data: JSON.stringify({ vitals: entry.vitals }),
      client_at: t.clock.now,
      received_at: t.clock.now,
      late: false,
      recorded_by: t.clinic.users.nurse.id,
    };
    const alerts = [
      { threshold_id: 'systolic-high', text: 'Systolic high', value: 190, raised_at: t.clock.now },
    ];
    const audited = [
      {
        orgId: t.clinic.orgId,
        at: t.clock.now,
        userId: t.clinic.users.nurse.id,
        userEmail: t.clinic.users.nurse.email,
        roles: ['nurse'],
        action: 'create' as const,
        entityType: 'session_entry',
        entityId: entry.id,
        requestId: null,
        ip: null,
      },
    ];
    const stale = await read();
    expect(stale.replayed).toBe(false);
    await db
      .updateTable('treatment_sessions')
      .set({ updated_at: t.clock.now })
      .where('id', '=', sessionId)
      .execute();
    expect(await insertEntryIfSessionUnchanged(db, stale, row, alerts, audited)).toBeUndefined();
    expect(await writtenFor(entry.id)).toEqual({ entries: 0, alerts: 0, audit: 0 });

    const stored = await insertEntryIfSessionUnchanged(db, await read(), row, alerts, audited);
    expect(stored?.entry).toMatchObject({ id: entry.id, session_id: sessionId, pre_dose: true });
    expect(stored?.alerts.map((a) => [a.threshold_id, Number(a.value)])).toEqual([['systolic-high', 190]]);
    expect(await writtenFor(entry.id)).toEqual({ entries: 1, alerts: 1, audit: 1 });

    const again = await read();
    expect(again.replayed).toBe(true);
    expect(await insertEntryIfSessionUnchanged(db, again, row, alerts, audited)).toBeUndefined();
    expect(await writtenFor(entry.id)).toEqual({ entries: 1, alerts: 1, audit: 1 });
  });

  it('stores concurrent retries of one entry once', async () => {
    const entry = vitalsEntry({ heartRateBpm: 88 }, t.clock.now);
    const before = await entryCount();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(t, nurse, url(), entry)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(await entryCount()).toBe(before + 1);
  });

  it('refuses the same id with different content', async () => {
    const entry = vitalsEntry({ heartRateBpm: 70 }, t.clock.now);
    expect((await post(t, nurse, url(), entry)).statusCode).toBe(201);
    const changed = await post(t, nurse, url(), { ...entry, vitals: { heartRateBpm: 71 } });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().errors[0].field).toBe('body.id');
  });

  it('marks an entry that arrives long after it was made as late, keeping its time', async () => {
    t.clock.now = new Date(t.clock.now.getTime() + 30 * MINUTE);
    const madeAt = new Date(t.clock.now.getTime() - 20 * MINUTE);
    const res = await post(t, nurse, url(), vitalsEntry({ spo2Percent: 97 }, madeAt));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().entry).toMatchObject({ late: true, clientAt: madeAt.toISOString() });
    const fresh = await post(t, nurse, url(), vitalsEntry({ spo2Percent: 97 }, t.clock.now));
    expect(fresh.json().entry.late).toBe(false);
  });

  it.each([
    [{ systolicMmHg: 1200, diastolicMmHg: 80 }, 'body.vitals.systolicMmHg'],
    [{ spo2Percent: 101 }, 'body.vitals.spo2Percent'],
  ])('refuses implausible vitals %j naming %s, writing nothing', async (vitals, field) => {
    const before = await entryCount();
    const res = await post(t, nurse, url(), vitalsEntry(vitals, t.clock.now));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(await entryCount()).toBe(before);
  });

  it('names a malformed field and writes nothing', async () => {
    const before = await entryCount();
    const noTime = await post(t, nurse, url(), {
      id: randomUUID(),
      kind: 'check',
      vitals: { heartRateBpm: 80 },
    });
    expect(noTime.statusCode).toBe(400);
    expect(JSON.stringify(noTime.json().errors)).toMatch(/clientAt/);
    const badMoaas = await post(t, nurse, url(), { ...vitalsEntry({}, t.clock.now), moaas: 7 });
    expect(badMoaas.statusCode).toBe(400);
    expect(JSON.stringify(badMoaas.json().errors)).toMatch(/moaas/);
    const future = await post(
      t,
      nurse,
      url(),
      vitalsEntry({ heartRateBpm: 80 }, new Date(t.clock.now.getTime() + 30 * MINUTE)),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].field).toBe('body.clientAt');
    expect(await entryCount()).toBe(before);
  });

  it('records an adverse event with severity and interventions', async () => {
    const res = await post(t, nurse, url(), {
      id: randomUUID(),
      clientAt: t.clock.now.toISOString(),
      kind: 'adverse-event',
      event: 'nausea',
      severity: 'moderate',
      interventions: [{ kind: 'medication', medication: 'Ondansetron', dose: '4 mg IV' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().entry.data).toMatchObject({ event: 'nausea', severity: 'moderate' });
  });

  it('is not open to the front desk, and answers 404 for another clinic’s session', async () => {
    const desk = await signIn(t, 'front_desk');
    const res = await post(t, desk, url(), vitalsEntry({ heartRateBpm: 80 }, t.clock.now));
    expect(res.statusCode).toBe(403);
    const read = await t.app.inject({ url: `/api/v1/sessions/${sessionId}`, headers: desk.headers });
    expect(read.statusCode).toBe(403);
    const missing = await post(
      t,
      nurse,
      `/api/v1/sessions/${randomUUID()}/entries`,
      vitalsEntry({ heartRateBpm: 80 }, t.clock.now),
    );
    expect(missing.statusCode).toBe(404);
  });
});

describe('session policies in clinic settings', () => {
  it('shows each default with its source and makes an edited value clinic policy', async () => {
    const admin = await signIn(t, 'admin');
    const read = await t.app.inject({ url: '/api/v1/settings/sessions', headers: admin.headers });
    expect(read.statusCode, read.body).toBe(200);
    const policies = read.json();
    expect(policies.preDoseGates.esketamine).toMatchObject({
      systolicAboveMmHg: 140,
      evidence: ['spravato-pi'],
    });
    expect(policies.fasting).toMatchObject({
      value: { foodHours: 2, liquidsMinutes: 30 },
      clinicPolicy: true,
    });

    const strip = ({ evidence: _e, clinicPolicy: _c, note: _n, ...rest }: Record<string, unknown>) => rest;
    const body = {
      preDoseGates: {
        esketamine: { systolicAboveMmHg: 140, diastolicAboveMmHg: 90 },
        'iv-ketamine': { systolicAboveMmHg: 150, diastolicAboveMmHg: 95 },
      },
      vitalsSchedules: {
        esketamine: strip(policies.vitalsSchedules.esketamine),
        'iv-ketamine': strip(policies.vitalsSchedules['iv-ketamine']),
      },
      alertThresholds: policies.alertThresholds.map(strip),
      vitalsBeforeDischargeWithinMin: 15,
      dischargeChecklist: {
        esketamine: [],
        'iv-ketamine': [{ id: 'iv-site-checked', text: 'IV site checked' }],
      },
      fasting: { foodHours: 2, liquidsMinutes: 30 },
      pregnancyTestRequired: true,
      minutesBetweenDevices: 5,
      lateAfterMinutes: 5,
      cosignRequired: true,
    };
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/sessions',
      headers: admin.headers,
      payload: body,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().preDoseGates['iv-ketamine']).toMatchObject({
      systolicAboveMmHg: 150,
      clinicPolicy: true,
    });
    expect(saved.json().preDoseGates.esketamine).toMatchObject({ evidence: ['spravato-pi'] });
    expect(saved.json().cosignRequired).toMatchObject({ value: true, clinicPolicy: true });

    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/sessions',
      headers: admin.headers,
      payload: { ...body, lateAfterMinutes: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toMatch(/lateAfterMinutes/);

    const byNurse = await t.app.inject({ url: '/api/v1/settings/sessions', headers: nurse.headers });
    expect(byNurse.statusCode).toBe(403);
  });
});
