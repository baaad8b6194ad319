import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import { createTestApp, type Session, seedClinic, signIn, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
let nurse: Session;
let patientId: string;

const PHQ9 = (values: number[]) => Object.fromEntries(values.map((v, i) => [`q${i + 1}`, v]));

beforeAll(async () => {
  t = await createTestApp();
  nurse = await signIn(t, 'nurse');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: nurse.headers,
    payload: {
      legalGivenName: 'Robin',
      legalFamilyName: 'Lee',
      dateOfBirth: '1979-05-02',
      sexAtBirth: 'male',
    },
  });
  patientId = res.json().id;
});
afterAll(() => t.close());

const staffSubmit = (payload: object, session = nurse) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/responses`,
    headers: session.headers,
    payload,
  });

describe('staff-entered responses', () => {
  it('scores and stores a complete PHQ-9 with no alert when item 9 is 0', async () => {
    const res = await staffSubmit({
      instrument: 'phq9',
      answers: PHQ9([1, 2, 3, 0, 1, 2, 3, 0, 0]),
      source: 'staff-for-patient',
      idempotencyKey: randomUUID(),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      created: true,
      alertId: null,
      crisis: null,
      response: { total: 12, severity: 'moderate', suicideRisk: false },
    });
  });

  it('refuses an incomplete or out-of-range set naming the item, and stores nothing', async () => {
    const before = await t.database.db.selectFrom('measure_responses').select('id').execute();
    const missing = await staffSubmit({
      instrument: 'phq9',
      answers: PHQ9([1, 2, 3, 0, 1, 2, 3, 0]),
      source: 'staff-for-patient',
      idempotencyKey: randomUUID(),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('body.answers.q9');
    const range = await staffSubmit({
      instrument: 'gad7',
      answers: { q1: 4, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 },
      source: 'staff-for-patient',
      idempotencyKey: randomUUID(),
    });
    expect(range.statusCode).toBe(400);
    expect(range.json().errors[0].field).toBe('body.answers.q1');
    const qids = await staffSubmit({
      instrument: 'qids-sr16',
      answers: {},
      source: 'staff-for-patient',
      idempotencyKey: randomUUID(),
    });
    expect(qids.statusCode).toBe(400);
    expect(qids.json().detail).toMatch(/text pack/);
    expect(await t.database.db.selectFrom('measure_responses').select('id').execute()).toHaveLength(
      before.length,
    );
  });

  it('stores a double submission once (idempotency key)', async () => {
    const key = randomUUID();
    const payload = {
      instrument: 'gad7',
      answers: { q1: 1, q2: 1, q3: 1, q4: 1, q5: 1, q6: 1, q7: 1 },
      source: 'staff-for-patient',
      idempotencyKey: key,
    };
    const [a, b] = await Promise.all([staffSubmit(payload), staffSubmit(payload)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().response.id).toBe(b.json().response.id);
    const rows = await t.database.db
      .selectFrom('measure_responses')
      .select('id')
      .where('idempotency_key', '=', key)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('raises an alert for a PHQ-9 item-9 answer, returns crisis resources, and keeps it open until acknowledged', async () => {
    t.clock.advance(60);
    const res = await staffSubmit({
      instrument: 'phq9',
      answers: PHQ9([2, 2, 2, 2, 2, 2, 2, 2, 1]),
      source: 'staff-for-patient',
      idempotencyKey: randomUUID(),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.response.suicideRisk).toBe(true);
    expect(body.alertId).toBeTruthy();
    expect(body.crisis.lines.map((l: { phone: string }) => l.phone)).toEqual(
      expect.arrayContaining(['988', '911']),
    );

    const frontDesk = await signIn(t, 'front_desk');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: frontDesk.headers });
    expect(list.json().items.map((a: { id: string }) => a.id)).toContain(body.alertId);
    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${body.alertId}/acknowledge`,
      headers: frontDesk.headers,
      payload: { action: 'called-patient' },
    });
    expect(denied.statusCode).toBe(403);

    const noNote = await t.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${body.alertId}/acknowledge`,
      headers: nurse.headers,
      payload: { action: 'other' },
    });
    expect(noNote.statusCode).toBe(400);
    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${body.alertId}/acknowledge`,
      headers: nurse.headers,
      payload: { action: 'called-patient', note: 'Spoke with patient; safe, plan reviewed.' },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ action: 'called-patient', acknowledgedBy: 'nurse user' });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${body.alertId}/acknowledge`,
      headers: nurse.headers,
      payload: { action: 'other', note: 'x' },
    });
    expect(again.statusCode).toBe(409);
    const open = await t.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: nurse.headers });
    expect(open.json().items.map((a: { id: string }) => a.id)).not.toContain(body.alertId);
    await expect(t.database.db.deleteFrom('risk_alerts').execute()).rejects.toThrow(/never deleted/);
    await sealAll(t.database.db);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('entity_type')
      .where('entity_id', '=', body.alertId)
      .execute();
    expect(audit.map((a) => a.entity_type)).toContain('risk_alert');
  });

  it('never changes a stored response', async () => {
    await expect(t.database.db.updateTable('measure_responses').set({ total: 0 }).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('shows the trajectory with baseline, response line and status once a treatment date exists', async () => {
    const event = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/treatment-events`,
      headers: nurse.headers,
      payload: { occurredOn: '2999-01-01', description: 'IV ketamine 0.5 mg/kg' },
    });
    expect(event.statusCode).toBe(201);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${patientId}/trajectory`,
      headers: nurse.headers,
    });
    expect(res.statusCode).toBe(200);
    const phq9 = res.json().series.find((s: { instrument: string }) => s.instrument === 'phq9');
    expect(phq9.points).toHaveLength(2);
    expect(phq9.baseline.total).toBe(17);
    expect(phq9.responseLine).toBe(8.5);
    expect(phq9.remissionLine).toMatchObject({ value: 5, operator: '<', clinicPolicy: true });
    expect(phq9.status).toMatch(/baseline/);
    expect(res.json().treatmentDates).toEqual([{ date: '2999-01-01', description: 'IV ketamine 0.5 mg/kg' }]);
    const frontDesk = await signIn(t, 'front_desk');
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/patients/${patientId}/trajectory`,
          headers: frontDesk.headers,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('hides another organisation’s patient', async () => {
    const other = await seedClinic(t.database.db, 'Elsewhere', false);
    const { id } = await t.database.db
      .insertInto('patients')
      .values({
        org_id: other.orgId,
        mrn: 'E-1',
        legal_given_name: 'A',
        legal_family_name: 'B',
        date_of_birth: '1970-01-01',
        sex_at_birth: 'male',
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${id}/responses`,
      headers: nurse.headers,
      payload: {
        instrument: 'gad7',
        answers: { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 },
        source: 'staff-for-patient',
        idempotencyKey: randomUUID(),
      },
    });
    expect(res.statusCode).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/patients/${id}/trajectory`,
          headers: nurse.headers,
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('patient self-report link', () => {
  async function newLink(instruments = ['phq9', 'cssrs-screener'], kiosk = false) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/measure-links`,
      headers: nurse.headers,
      payload: { instruments, kiosk },
    });
    expect(res.statusCode, res.body).toBe(201);
    return new URL(res.json().url).pathname.split('/').at(-1) as string;
  }

  it('lets the patient complete each questionnaire once, then the link is used up', async () => {
    const token = await newLink();
    const open = await t.app.inject({ method: 'GET', url: `/api/v1/measure-links/${token}` });
    expect(open.statusCode).toBe(200);
    expect(open.json().instruments.map((i: { id: string }) => i.id)).toEqual(['phq9', 'cssrs-screener']);
    const key = randomUUID();
    const submit = (payload: object) =>
      t.app.inject({ method: 'POST', url: `/api/v1/measure-links/${token}/responses`, payload });
    const phq = await submit({
      instrument: 'phq9',
      answers: PHQ9([0, 0, 0, 0, 0, 0, 0, 0, 0]),
      idempotencyKey: key,
    });
    expect(phq.statusCode, phq.body).toBe(201);
    expect(phq.json()).toMatchObject({ total: 0, remaining: ['cssrs-screener'], crisis: null });
    expect(
      (await submit({ instrument: 'phq9', answers: PHQ9([0, 0, 0, 0, 0, 0, 0, 0, 0]), idempotencyKey: key }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await submit({
          instrument: 'phq9',
          answers: PHQ9([0, 0, 0, 0, 0, 0, 0, 0, 0]),
          idempotencyKey: randomUUID(),
        })
      ).statusCode,
    ).toBe(400);
    const cssrs = await submit({
      instrument: 'cssrs-screener',
      answers: { q1: 1, q2: 1, q3: 0, q4: 1, q5: 0, q6: 0 },
      idempotencyKey: randomUUID(),
    });
    expect(cssrs.statusCode, cssrs.body).toBe(201);
    expect(cssrs.json()).toMatchObject({ severity: 'high', suicideRisk: true, remaining: [] });
    expect(cssrs.json().crisis.lines[0].phone).toBe('988');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/measure-links/${token}` })).statusCode).toBe(
      404,
    );
    const high = await t.database.db
      .selectFrom('risk_alerts')
      .selectAll()
      .where('level', '=', 'high')
      .execute();
    expect(high).toHaveLength(1);
    // No paging channel is configured in this clinic, so nothing was sent and it is not marked paged.
    expect(high[0]?.paged_at).toBeNull();
    expect(await t.database.db.selectFrom('outbox').select('id').execute()).toHaveLength(0);
    const staff = await signIn(t, 'front_desk');
    const summary = await t.app.inject({ url: '/api/v1/alerts/summary', headers: staff.headers });
    expect(summary.json()).toMatchObject({ openHigh: 1 });
    expect(summary.json().open).toBeGreaterThanOrEqual(1);
  });

  it('refuses forged and expired links, and records nothing', async () => {
    const before = (await t.database.db.selectFrom('measure_responses').select('id').execute()).length;
    const forged = await t.app.inject({
      method: 'POST',
      url: `/api/v1/measure-links/${'x'.repeat(43)}/responses`,
      payload: {
        instrument: 'phq9',
        answers: PHQ9([0, 0, 0, 0, 0, 0, 0, 0, 0]),
        idempotencyKey: randomUUID(),
      },
    });
    expect(forged.statusCode).toBe(404);
    const token = await newLink(['gad7']);
    t.clock.advance(72 * 3600 + 1);
    const expired = await t.app.inject({
      method: 'POST',
      url: `/api/v1/measure-links/${token}/responses`,
      payload: {
        instrument: 'gad7',
        answers: { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 },
        idempotencyKey: randomUUID(),
      },
    });
    expect(expired.statusCode).toBe(404);
    expect((await t.database.db.selectFrom('measure_responses').select('id').execute()).length).toBe(before);
  });

  it('does not send clinician-rated instruments to patients', async () => {
    const fresh = await signIn(t, 'nurse');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/measure-links`,
      headers: fresh.headers,
      payload: { instruments: ['madrs'] },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('the patient questionnaire page (/m/:token)', () => {
  async function link(instruments: string[], kiosk = false) {
    const staff = await signIn(t, 'nurse');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/measure-links`,
      headers: staff.headers,
      payload: { instruments, kiosk },
    });
    return new URL(res.json().url).pathname;
  }
  const form = (fields: Record<string, string | number>) =>
    new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
  const post = (path: string, fields: Record<string, string | number>) =>
    t.app.inject({
      method: 'POST',
      url: path,
      payload: form(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  it('renders an accessible form without needing JavaScript, and never caches it', async () => {
    const path = await link(['phq9']);
    const res = await t.app.inject({ url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('<fieldset');
    expect(res.body).toContain('Little interest or pleasure in doing things');
    expect(res.body).toContain('href="tel:988"');
  });

  it('re-shows the form with the missing item named and the answers kept, storing nothing', async () => {
    const path = await link(['gad7']);
    const res = await post(path, { instrument: 'gad7', idempotencyKey: 'key-missing-1', a_q1: 2, a_q2: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Please check your answers');
    expect(res.body).toMatch(/name="a_q1" value="2" checked/);
    const stored = await t.database.db
      .selectFrom('measure_responses')
      .select('id')
      .where('idempotency_key', '=', 'key-missing-1')
      .execute();
    expect(stored).toHaveLength(0);
  });

  it('shows crisis resources first after an item-9 answer, and a kiosk ends on a locked screen', async () => {
    const path = await link(['phq9'], true);
    const answers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`a_q${i + 1}`, i === 8 ? 2 : 1]));
    const res = await post(path, { instrument: 'phq9', idempotencyKey: 'kiosk-key-0001', ...answers });
    expect(res.statusCode).toBe(200);
    expect(res.body.indexOf('crisis-panel')).toBeLessThan(res.body.indexOf('<h1>'));
    expect(res.body).toContain('<a href="tel:988">call 988</a> or <a href="sms:988">text 988</a>');
    expect(res.body).toContain('hand the tablet back');
    expect((await t.app.inject({ url: path })).statusCode).toBe(404);
    // The same submission again (a double tap) stores nothing new and still shows the crisis panel.
    const again = await post(path, { instrument: 'phq9', idempotencyKey: 'kiosk-key-0001', ...answers });
    expect(again.body).toContain('crisis-panel');
    const stored = await t.database.db
      .selectFrom('measure_responses')
      .select('id')
      .where('idempotency_key', '=', 'kiosk-key-0001')
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('leaves out C-SSRS questions that did not apply', async () => {
    const path = await link(['cssrs-screener']);
    const res = await post(path, {
      instrument: 'cssrs-screener',
      idempotencyKey: 'cssrs-key-0001',
      a_q1: 0,
      a_q2: 0,
      a_q3: 1,
      a_q6: 0,
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = await t.database.db
      .selectFrom('measure_responses')
      .select(['severity', 'answers'])
      .where('idempotency_key', '=', 'cssrs-key-0001')
      .executeTakeFirstOrThrow();
    expect(row.severity).toBe('none');
    expect(row.answers.q3).toBeNull();
  });

  it('answers a forged link with a clear page', async () => {
    const res = await t.app.inject({ url: `/m/${'a'.repeat(43)}` });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain("This link can't be used");
  });
});
