import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';
import {
  type EsketamineClinic,
  enrolledPatient,
  setUpEsketamineClinic,
  signedEsketamineSession,
} from './rems-helpers.ts';
import { post } from './sessions-helpers.ts';

let t: TestContext;
let c: EsketamineClinic;
let patientId: string;
let first: string;
let second: string;

/** Friday 27 November 2026, 09:00 and Tuesday 1 December 2026, 09:00 in New York. */
const FRIDAY = new Date('2026-11-27T14:00:00Z');
const TUESDAY = new Date('2026-12-01T14:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = new Date('2026-11-26T14:00:00Z');
  c = await setUpEsketamineClinic(t);
  patientId = await enrolledPatient(t, { legalGivenName: 'Alex Jordan', legalFamilyName: 'Rivera' });
  first = await signedEsketamineSession(t, c, patientId, FRIDAY);
});
afterAll(() => t.close());

type Field = { key: string; value: string | null; source: string; detail?: string };
function fieldsOf(form: { sections: { fields: Field[] }[] }): Record<string, Field> {
  return Object.fromEntries(form.sections.flatMap((s) => s.fields).map((f) => [f.key, f]));
}

const get = (session: Session, url: string) => t.app.inject({ url, headers: session.headers });

async function count(table: 'rems_form_submissions' | 'serious_adverse_events' | 'rems_form_answers') {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('the REMS Patient Monitoring Form', () => {
  it('is filled from the signed note, the patient record and the clinic', async () => {
    const nurse = await signIn(t, 'nurse');
    const res = await get(nurse, `/api/v1/sessions/${first}/rems-form`);
    expect(res.statusCode, res.body).toBe(200);
    const form = res.json();
    expect(form).toMatchObject({
      treatmentDate: '2026-11-27',
      dueBy: '2026-12-04',
      status: 'due',
      submission: null,
      evidence: ['spravato-rems'],
      prefilledFrom: null,
    });
    expect(form.notice).toMatch(/does not submit/);
    const f = fieldsOf(form);
    expect(f['patient.firstName']?.value).toBe('Alex');
    expect(f['patient.middleInitial']?.value).toBe('J');
    expect(f['patient.lastName']?.value).toBe('Rivera');
    expect(f['patient.dateOfBirth']?.value).toBe('01/01/1980');
    expect(f['patient.sex']?.value).toBe('F');
    expect(f['patient.firstTreatment']?.value).toBe('Yes');
    expect(f['patient.enrolled']?.value).toBe('Yes');
    expect(f['provider.firstName']?.value).toBe('nurse');
    expect(f['provider.email']?.value).toBe(t.clinic.users.nurse.email);
    expect(f['setting.name']?.value).toBe('Midtown');
    expect(f['setting.zip']?.value).toBe('10001');
    expect(f['session.treatmentDate']?.value).toBe('11/27/2026');
    expect(f['session.dose']?.value).toBe('56 mg');
    expect(f['session.lotNumber']?.value).toBe(c.lotNumber);
    // First device at 09:05, discharge at 122 min after it.
    expect(f['duration.totalMinutes']?.value).toBe('122');
    expect(f['vitals.acceptableBefore']?.value).toBe('Yes');
    expect(f['vitals.acceptableAtCompletion']?.value).toBe('Yes');
    expect(f['bp.before']?.value).toBe('128/82 mmHg');
    expect(f['bp.at40']?.value).toBe('172/96 mmHg');
    expect(f['bp.at40']?.detail).toMatch(/41 min after the first device/);
    expect(f['bp.beforeCompletion']?.value).toBe('132/84 mmHg');
    expect(f['spo2.lowest']?.value).toBe('95');
    expect(f['adverseEffects.sedation']).toMatchObject({ value: 'Yes', source: 'note' });
    expect(f['adverseEffects.sedation']?.detail).toMatch(/Lowest MOAA\/S after the dose: 4/);
    expect(f['adverseEffects.dissociation']?.value).toBe('Yes');
    expect(f['adverseEffects.respiratory-depression']?.value).toBe('No');
    expect(f['adverseEffects.blood-pressure-increase']?.value).toBe('Yes');
    expect(f['adverseEffects.other']?.value).toBe('No');
    expect(f['adverseEffects.serious-adverse-event']?.value).toBe('No');
    // The note does not hold the concomitant medications: staff answer them.
    expect(f['concomitant.benzodiazepines']).toMatchObject({ value: null, source: 'none' });
    expect(form.missing).toContain('concomitant.benzodiazepines');
    const adverse = form.sections.find((s: { id: string }) => s.id === 'adverse-effects');
    expect(adverse.clinicPolicy).toBe(true);
  });

  it('prints as a PDF', async () => {
    const nurse = await signIn(t, 'nurse');
    const res = await get(nurse, `/api/v1/sessions/${first}/rems-form.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/rems-monitoring-form-2026-11-27\.pdf/);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('takes staff answers, refusing bad ones and writing nothing', async () => {
    const nurse = await signIn(t, 'nurse');
    const url = `/api/v1/sessions/${first}/rems-form/answers`;
    const put = (payload: object) => t.app.inject({ method: 'PUT', url, headers: nurse.headers, payload });
    const bad = await put({ concomitant: { benzodiazepines: 'maybe' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json().errors[0].field).toBe('body.concomitant.benzodiazepines');
    const unknown = await put({ adverseEffects: { seizures: 'yes' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: 'body.adverseEffects.seizures', message: expect.any(String) },
    ]);
    expect(await count('rems_form_answers')).toBe(0);

    const saved = await put({
      concomitant: {
        benzodiazepines: 'yes',
        nonBenzodiazepineSedativeHypnotics: 'no',
        psychostimulants: 'no',
        maois: 'no',
        opioids: 'no',
      },
      providerPhone: '+1 212 555 0199',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const f = fieldsOf(saved.json());
    expect(f['concomitant.benzodiazepines']).toMatchObject({ value: 'Yes', source: 'staff' });
    expect(f.providerPhone).toMatchObject({ value: '+1 212 555 0199', source: 'staff' });
    expect(saved.json().missing).toEqual([]);
  });

  it('pre-fills the next session’s concomitant medications and telephone from the previous form, nothing else', async () => {
    second = await signedEsketamineSession(t, c, patientId, TUESDAY, {
      shape: {
        preDose: { systolicMmHg: 150, diastolicMmHg: 92, heartRateBpm: 80, spo2Percent: 97 },
        at10: { vitals: { spo2Percent: 90 }, moaas: 5, dissociation: 0 },
        at40: { systolicMmHg: 138, diastolicMmHg: 86, heartRateBpm: 80, spo2Percent: 97 },
      },
    });
    const nurse = await signIn(t, 'nurse');
    const res = await get(nurse, `/api/v1/sessions/${second}/rems-form`);
    expect(res.statusCode, res.body).toBe(200);
    const form = res.json();
    const f = fieldsOf(form);
    expect(form.prefilledFrom).toEqual({
      sessionId: first,
      keys: [
        'concomitant.benzodiazepines',
        'concomitant.nonBenzodiazepineSedativeHypnotics',
        'concomitant.psychostimulants',
        'concomitant.maois',
        'concomitant.opioids',
        'providerPhone',
      ],
    });
    expect(f['concomitant.benzodiazepines']).toMatchObject({ value: 'Yes', source: 'previous-session' });
    expect(f.providerPhone).toMatchObject({ value: '+1 212 555 0199', source: 'previous-session' });
    // This session's own facts come only from its own note.
    expect(f['patient.firstTreatment']?.value).toBe('No');
    expect(f['session.treatmentDate']?.value).toBe('12/01/2026');
    expect(f['bp.before']?.value).toBe('150/92 mmHg');
    expect(f['vitals.acceptableBefore']?.value).toBe('No');
    expect(f['adverseEffects.sedation']?.value).toBe('No');
    expect(f['adverseEffects.respiratory-depression']?.value).toBe('Yes');
    expect(f['adverseEffects.blood-pressure-increase']?.value).toBe('No');
  });
});

describe('the dashboard of forms due', () => {
  it('lists each dosed esketamine session, due 7 days after it', async () => {
    t.clock.now = new Date('2026-12-04T22:00:00Z'); // 17:00 on 4 December in New York
    const nurse = await signIn(t, 'nurse');
    const res = await get(nurse, '/api/v1/rems/forms');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().dueDays).toMatchObject({ value: 7, evidence: ['spravato-rems'] });
    expect(res.json().forms).toEqual([
      expect.objectContaining({
        sessionId: first,
        treatmentDate: '2026-11-27',
        dueBy: '2026-12-04',
        status: 'due',
        daysLeft: 0,
        noteSigned: true,
      }),
      expect.objectContaining({
        sessionId: second,
        treatmentDate: '2026-12-01',
        dueBy: '2026-12-08',
        status: 'due',
        daysLeft: 4,
      }),
    ]);
  });

  it('turns overdue the day after the due date (the location’s day), and filters by status', async () => {
    t.clock.now = new Date('2026-12-05T05:30:00Z'); // 00:30 on 5 December in New York
    const nurse = await signIn(t, 'nurse');
    const overdue = await get(nurse, '/api/v1/rems/forms?status=overdue');
    expect(overdue.json().forms.map((f: { sessionId: string }) => f.sessionId)).toEqual([first]);
    expect(overdue.json().forms[0]).toMatchObject({ status: 'overdue', daysLeft: -1 });
    const due = await get(nurse, '/api/v1/rems/forms?status=due');
    expect(due.json().forms.map((f: { sessionId: string }) => f.sessionId)).toEqual([second]);
    const bad = await get(nurse, '/api/v1/rems/forms?status=late');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toMatch(/status/);
  });

  it('records who marked a form submitted, once (409 the second time)', async () => {
    const nurse = await signIn(t, 'nurse');
    const url = `/api/v1/sessions/${first}/rems-form/submitted`;
    const future = await post(t, nurse, url, { submittedAt: '2026-12-06T09:00:00-05:00' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([{ field: 'body.submittedAt', message: expect.any(String) }]);
    expect(await count('rems_form_submissions')).toBe(0);

    const done = await post(t, nurse, url, {
      submittedAt: '2026-12-04T16:30:00-05:00',
      confirmationNumber: 'PMF-88231',
    });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({
      status: 'submitted',
      submission: {
        submittedAt: '2026-12-04T21:30:00.000Z',
        submittedBy: t.clinic.users.nurse.id,
        submittedByName: 'nurse user',
        confirmationNumber: 'PMF-88231',
      },
    });
    const twice = await post(t, nurse, url, {});
    expect(twice.statusCode).toBe(409);
    expect(await count('rems_form_submissions')).toBe(1);

    const answers = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/sessions/${first}/rems-form/answers`,
      headers: nurse.headers,
      payload: { providerPhone: '+1 212 555 0100' },
    });
    expect(answers.statusCode).toBe(409);

    const submitted = await get(nurse, '/api/v1/rems/forms?status=submitted');
    expect(submitted.json().forms).toEqual([
      expect.objectContaining({
        sessionId: first,
        status: 'submitted',
        submission: expect.objectContaining({
          submittedByName: 'nurse user',
          confirmationNumber: 'PMF-88231',
        }),
      }),
    ]);
  });

  it('audits each read and write with the patient', async () => {
    const rows = await t.database.db
      .selectFrom('audit_pending')
      .select(['action', 'entity_type', 'entity_id', 'patient_id'])
      .where('entity_type', 'in', ['rems_form', 'rems_form_submission'])
      .execute();
    const has = (action: string, type: string) =>
      rows.some(
        (r) =>
          r.action === action &&
          r.entity_type === type &&
          r.patient_id === patientId &&
          r.entity_id === first,
      );
    expect(has('read', 'rems_form')).toBe(true);
    expect(has('print', 'rems_form')).toBe(true);
    expect(has('update', 'rems_form')).toBe(true);
    expect(has('create', 'rems_form_submission')).toBe(true);
  });

  it('has no form until the note is signed, but lists it as due', async () => {
    const other = await enrolledPatient(t);
    const unsigned = await signedEsketamineSession(t, c, other, new Date('2026-12-07T15:00:00Z'), {
      sign: false,
    });
    const nurse = await signIn(t, 'nurse');
    const res = await get(nurse, `/api/v1/sessions/${unsigned}/rems-form`);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/Sign the session note first/);
    const list = await get(nurse, '/api/v1/rems/forms?status=due');
    expect(list.json().forms).toContainEqual(
      expect.objectContaining({ sessionId: unsigned, noteSigned: false }),
    );
  });
});

describe('who may use them', () => {
  it('lets nurses and prescribers in, and refuses therapists, front desk and admins', async () => {
    const prescriber = await signIn(t, 'prescriber');
    expect((await get(prescriber, `/api/v1/sessions/${second}/rems-form`)).statusCode).toBe(200);
    for (const role of ['therapist', 'front_desk', 'admin'] as const) {
      const session = await signIn(t, role);
      expect((await get(session, `/api/v1/sessions/${second}/rems-form`)).statusCode, role).toBe(403);
      expect((await get(session, '/api/v1/rems/forms')).statusCode, role).toBe(403);
      expect(
        (await post(t, session, `/api/v1/sessions/${second}/rems-form/submitted`, {})).statusCode,
        role,
      ).toBe(403);
      expect((await get(session, '/api/v1/adverse-events')).statusCode, role).toBe(403);
    }
  });

  it('lets only an admin align the adverse-effect list with the current form', async () => {
    const nurse = await signIn(t, 'nurse');
    const admin = await signIn(t, 'admin');
    const payload = {
      items: [
        { key: 'sedation', label: 'Sedation' },
        { key: 'dissociation', label: 'Dissociation' },
        { key: 'respiratory-depression', label: 'Respiratory depression' },
        { key: 'blood-pressure-increase', label: 'Increased blood pressure' },
        { key: 'nausea-vomiting', label: 'Nausea or vomiting' },
        { key: 'serious-adverse-event', label: 'Serious adverse event' },
      ],
    };
    const url = '/api/v1/rems/adverse-effect-items';
    expect((await t.app.inject({ method: 'PUT', url, headers: nurse.headers, payload })).statusCode).toBe(
      403,
    );
    expect((await get(nurse, '/api/v1/settings/safety-report-lists')).statusCode).toBe(403);
    const lists = await get(admin, '/api/v1/settings/safety-report-lists');
    expect(lists.statusCode, lists.body).toBe(200);
    expect(lists.json().adverseEffectItems).toMatchObject({
      clinicDefined: false,
      defaults: { clinicPolicy: true },
    });
    expect(lists.json().medwatch.fields.map((f: { key: string }) => f.key)).toContain('abatedOnStop');
    const dup = await t.app.inject({
      method: 'PUT',
      url,
      headers: admin.headers,
      payload: { items: [payload.items[0], payload.items[0]] },
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0].field).toBe('body.items.1.key');
    const saved = await t.app.inject({ method: 'PUT', url, headers: admin.headers, payload });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().clinicDefined).toBe(true);

    const form = await get(nurse, `/api/v1/sessions/${second}/rems-form`);
    const f = fieldsOf(form.json());
    expect(f['adverseEffects.nausea-vomiting']).toMatchObject({ value: null, source: 'none' });
    expect(f['adverseEffects.other']).toBeUndefined();
    expect(f['adverseEffects.blood-pressure-increase']?.value).toBe('No');
    const answered = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/sessions/${second}/rems-form/answers`,
      headers: nurse.headers,
      payload: { adverseEffects: { 'nausea-vomiting': 'no' } },
    });
    expect(fieldsOf(answered.json())['adverseEffects.nausea-vomiting']).toMatchObject({
      value: 'No',
      source: 'staff',
    });
  });
});

describe('serious adverse events', () => {
  const valid = {
    eventDate: '2026-12-01',
    description: 'Syncope after discharge; taken to the emergency department and admitted overnight.',
    outcomes: ['hospitalisation'],
    relevantTests: 'ECG normal; troponin negative (1 Dec)',
    weightKg: 70,
    frequency: 'Twice weekly',
    reasonForUse: 'Treatment-resistant depression',
    abatedOnStop: 'unknown',
    reappearedOnRestart: 'not-applicable',
  };

  it('refuses bad input naming each field, writing nothing', async () => {
    const nurse = await signIn(t, 'nurse');
    const url = `/api/v1/sessions/${second}/serious-adverse-events`;
    const none = await post(t, nurse, url, { ...valid, outcomes: [] });
    expect(none.statusCode).toBe(400);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.json().errors[0].field).toBe('body.outcomes');
    const missing = await post(t, nurse, url, { ...valid, abatedOnStop: undefined });
    expect(missing.json().errors[0].field).toBe('body.abatedOnStop');
    const future = await post(t, nurse, url, { ...valid, eventDate: '2026-12-31' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([
      { field: 'body.eventDate', message: expect.stringMatching(/future/) },
    ]);
    const before = await post(t, nurse, url, { ...valid, eventDate: '2026-11-30' });
    expect(before.json().errors).toEqual([
      { field: 'body.eventDate', message: expect.stringMatching(/before the session/) },
    ]);
    const extra = await post(t, nurse, url, { ...valid, extra: { pharmacist: 'x' } });
    expect(extra.json().errors).toEqual([{ field: 'body.extra.pharmacist', message: 'Unknown question.' }]);
    expect(await count('serious_adverse_events')).toBe(0);
  });

  it('records one with the MedWatch fields, the clinic’s own question, and exports it', async () => {
    const admin = await signIn(t, 'admin');
    const form = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/adverse-events/form',
      headers: admin.headers,
      payload: {
        fields: [{ key: 'manufacturer-notified', label: 'Manufacturer notified (date)', required: true }],
      },
    });
    expect(form.statusCode, form.body).toBe(200);
    const clash = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/adverse-events/form',
      headers: admin.headers,
      payload: { fields: [{ key: 'description', label: 'x', required: false }] },
    });
    expect(clash.statusCode).toBe(400);

    const nurse = await signIn(t, 'nurse');
    const fields = await get(nurse, '/api/v1/adverse-events/form');
    expect(fields.json().provenance).toMatchObject({ evidence: ['medwatch-3500'], clinicPolicy: true });
    expect(fields.json().fields.at(-1)).toMatchObject({ key: 'manufacturer-notified', builtIn: false });

    const url = `/api/v1/sessions/${second}/serious-adverse-events`;
    const unanswered = await post(t, nurse, url, valid);
    expect(unanswered.json().errors).toEqual([
      { field: 'body.extra.manufacturer-notified', message: expect.any(String) },
    ]);
    const res = await post(t, nurse, url, { ...valid, extra: { 'manufacturer-notified': '2026-12-02' } });
    expect(res.statusCode, res.body).toBe(201);
    const sae = res.json();
    const value = (key: string) => sae.fields.find((f: { key: string }) => f.key === key)?.value;
    expect(sae).toMatchObject({
      sessionId: second,
      patient: { id: patientId },
      eventDate: '2026-12-01',
      outcomes: ['hospitalisation'],
    });
    expect(value('patientIdentifier')).toBe('AR');
    expect(value('age')).toBe('46 years');
    expect(value('sex')).toBe('F');
    expect(value('productName')).toMatch(/SPRAVATO/);
    expect(value('strength')).toBe('28 mg per device');
    expect(value('lotNumber')).toBe(c.lotNumber);
    expect(value('dose')).toBe('56 mg');
    expect(value('route')).toBe('Nasal');
    expect(value('outcomes')).toMatch(/Hospitalisation/);
    expect(value('reporter')).toMatch(/nurse user.*Midtown/);
    expect(value('manufacturer-notified')).toBe('2026-12-02');

    const remsForm = await get(nurse, `/api/v1/sessions/${second}/rems-form`);
    expect(fieldsOf(remsForm.json())['adverseEffects.serious-adverse-event']?.value).toBe('Yes');

    const list = await get(nurse, `/api/v1/adverse-events?sessionId=${second}`);
    expect(list.json().events.map((e: { id: string }) => e.id)).toEqual([sae.id]);

    const csv = await get(nurse, '/api/v1/adverse-events/export.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [head, row] = csv.body.trim().split('\r\n');
    expect(head).toMatch(/^Record id,Session id,MRN,Recorded at,Recorded by,Patient identifier \(initials\)/);
    expect(head).toMatch(/Manufacturer notified \(date\)$/);
    expect(row).toMatch(new RegExp(`^${sae.id},${second},`));
    expect(row).toMatch(/Syncope after discharge/);

    const pdf = await get(nurse, `/api/v1/adverse-events/${sae.id}/medwatch.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const audits = await t.database.db
      .selectFrom('audit_pending')
      .select(['action'])
      .where('entity_type', '=', 'serious_adverse_event')
      .where('entity_id', '=', sae.id)
      .where('patient_id', '=', patientId)
      .execute();
    expect(new Set(audits.map((a) => a.action))).toEqual(new Set(['create', 'read', 'export', 'print']));
  });

  it('is append-only in the database', async () => {
    await expect(t.database.db.deleteFrom('serious_adverse_events').execute()).rejects.toThrow();
    await expect(
      t.database.db.updateTable('rems_form_submissions').set({ confirmation_number: 'x' }).execute(),
    ).rejects.toThrow();
  });
});
