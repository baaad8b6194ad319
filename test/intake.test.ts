import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import {
  createTestApp,
  type Session,
  seedClinic,
  signIn,
  TEST_PASSWORD,
  type TestContext,
} from './helpers/clinic.ts';
import {
  createPatient,
  fullIntakeForm,
  newIntakeLink,
  postForm,
  readIntake,
  recordPhq9,
} from './intake-helpers.ts';

let t: TestContext;
let nurse: Session;
let frontDesk: Session;
let patientId: string;

beforeAll(async () => {
  t = await createTestApp();
  nurse = await signIn(t, 'nurse');
  frontDesk = await signIn(t, 'front_desk');
  patientId = await createPatient(t, nurse);
});
afterAll(() => t.close());

const countRows = async (table: 'intake_versions' | 'consent_signatures') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the patient’s intake page (/i/:token)', () => {
  let path: string;
  let intakeId: string;

  it('lets front desk send a link that expires after 72 hours by default', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/intake-links`,
      headers: frontDesk.headers,
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(new Date(res.json().expiresAt).getTime() - t.clock.now.getTime()).toBe(72 * 3_600_000);
    path = new URL(res.json().url).pathname;
    intakeId = res.json().intakeId;
    expect(path).toMatch(/^\/i\/[A-Za-z0-9_-]{43}$/);
  });

  it('renders an accessible form that needs no JavaScript, with the crisis bar, never cached', async () => {
    const res = await t.app.inject({ url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('href="tel:988"');
    expect(res.body).toContain('href="sms:988"');
    expect(res.body).not.toContain('<script');
    expect(res.body).toContain('<label for="med1_name">');
    expect(res.body).toMatch(/<fieldset class="item" id="f-mh_pregnant">\s*<legend>/);
    expect(res.body).toContain('I consent to ketamine or esketamine treatment');
    expect((await t.app.inject({ url: '/intake.css' })).statusCode).toBe(200);
  });

  it('re-shows the form with each missing answer named and the answers kept, storing nothing', async () => {
    const before = await countRows('intake_versions');
    const fields = fullIntakeForm({ weightLb: 'heavy', printedName: '' });
    delete fields.mh_pregnant;
    const res = await postForm(t, path, fields);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Please check your answers');
    expect(res.body).toContain('href="#f-mh_pregnant"');
    expect(res.body).toContain('href="#f-weightLb"');
    expect(res.body).toContain('href="#f-printedName"');
    expect(res.body).toMatch(/id="med1_name" name="med1_name" value="bupropion"/);
    expect(res.body).toMatch(/name="mh_stroke" value="no" checked/);
    expect(res.body).toContain('aria-invalid="true"');
    expect(await countRows('intake_versions')).toBe(before);
    expect(await countRows('consent_signatures')).toBe(0);
  });

  it('stores the submission as a version with the patient’s consent, then the link is used up', async () => {
    const res = await postForm(
      t,
      path,
      fullIntakeForm({ med2_name: 'lorazepam', med2_dose: '1 mg at night', med2_kind: 'unknown' }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Your consent was recorded');
    expect((await t.app.inject({ url: path })).statusCode).toBe(404);
    expect((await postForm(t, path, fullIntakeForm())).statusCode).toBe(404);

    const intake = await readIntake(t, nurse, intakeId);
    expect(intake.status).toBe('submitted');
    expect(intake.versions).toHaveLength(1);
    const [submission] = intake.versions;
    expect(submission).toMatchObject({
      version: 1,
      kind: 'patient-submission',
      source: 'patient-link',
      signature: null,
    });
    expect(submission.facts).toMatchObject({
      heightCm: 170.2,
      weightKg: 72.6,
      psychosisOrMania: {
        activePsychosis: false,
        activeMania: false,
        pastPsychosis: false,
        pastMania: false,
      },
      allergies: [{ substance: 'other', name: 'penicillin', reaction: 'rash' }],
      medicalHistory: { hypertension: 'none', pregnant: false },
    });
    expect(submission.facts.substanceUse).toContainEqual({
      substance: 'alcohol',
      currentUse: true,
      disorder: 'none',
    });
    expect(submission.facts.psychiatricHistory.antidepressantTrials[0]).toEqual({
      drug: 'sertraline',
      dose: '150 mg daily',
      durationWeeks: 8,
      adherence: 'good',
      response: 'none',
      currentEpisode: true,
    });
    expect(intake.unclassifiedMedications).toEqual(['lorazepam']);
    expect(intake.consents).toHaveLength(1);
    expect(intake.consents[0]).toMatchObject({
      formId: 'ketamine-treatment',
      formVersion: 1,
      printedName: 'Alex Rivera',
      signedAt: t.clock.now.toISOString(),
      signer: { kind: 'patient-link' },
    });
    expect(intake.consents[0].meaning).toMatch(/^I consent to ketamine or esketamine treatment/);
    expect(intake.consents[0].formSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses forged and expired links with the same page', async () => {
    expect((await t.app.inject({ url: `/i/${'a'.repeat(43)}` })).statusCode).toBe(404);
    const { path: later } = await newIntakeLink(t, nurse, patientId);
    t.clock.advance(72 * 3600 + 1);
    const res = await postForm(t, later, fullIntakeForm());
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain("This link can't be used");
    // The staff sessions timed out meanwhile.
    nurse = await signIn(t, 'nurse');
    frontDesk = await signIn(t, 'front_desk');
  });
});

describe('clinician review, verification and addenda', () => {
  let intakeId: string;
  let baselinePhq9: string;

  it('lists the patient’s intakes; front desk cannot read them', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${patientId}/intakes`,
      headers: nurse.headers,
    });
    expect(list.statusCode).toBe(200);
    intakeId = list.json().items[0].id;
    const denied = await t.app.inject({
      method: 'GET',
      url: `/api/v1/intakes/${intakeId}`,
      headers: frontDesk.headers,
    });
    expect(denied.statusCode).toBe(403);
  });

  it('refuses to verify while a medicine is unclassified, naming it, and writes nothing', async () => {
    const before = await countRows('intake_versions');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${intakeId}/verify`,
      headers: nurse.headers,
      payload: { version: 1, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'facts.currentMedications.1.classes', message: expect.stringMatching(/lorazepam/) },
    ]);
    expect(await countRows('intake_versions')).toBe(before);
  });

  it('saves a clinician’s edit as a new version; a stale or malformed edit is refused', async () => {
    const intake = await readIntake(t, nurse, intakeId);
    const facts = intake.versions[0].facts;
    const edited = {
      ...facts,
      currentMedications: [
        { name: 'bupropion', dose: '300 mg daily', classes: ['antidepressant'] },
        { name: 'lorazepam', dose: '1 mg at night', classes: ['benzodiazepine'] },
      ],
      baselineVitals: { systolicMmHg: 128, diastolicMmHg: 82 },
    };
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/intakes/${intakeId}/draft`,
      headers: nurse.headers,
      payload: {
        baseVersion: 1,
        facts: { ...edited, weightKg: 2000, baselineVitals: { systolicMmHg: 'high' } },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.facts.weightKg', 'body.facts.baselineVitals.systolicMmHg']),
    );
    const stale = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/intakes/${intakeId}/draft`,
      headers: nurse.headers,
      payload: { baseVersion: 0, facts: edited },
    });
    expect(stale.statusCode).toBe(409);
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/intakes/${intakeId}/draft`,
      headers: nurse.headers,
      payload: { baseVersion: 1, facts: edited },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in-review', latestVersion: 2 });
    expect(res.json().medicationFlags).toEqual([
      { medication: 'lorazepam', classes: ['benzodiazepine'], labels: ['benzodiazepine'] },
    ]);
    expect(res.json().versions[0].facts).toEqual(facts);
  });

  it('verifies only with the nurse’s own password, linking the latest questionnaires on or before now', async () => {
    baselinePhq9 = await recordPhq9(t, nurse, patientId, [2, 2, 2, 2, 2, 2, 2, 2, 0]);
    const before = await countRows('intake_versions');
    const wrong = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${intakeId}/verify`,
      headers: nurse.headers,
      payload: { version: 2, password: 'not-the-password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('body.password');
    expect(await countRows('intake_versions')).toBe(before);
    const stale = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${intakeId}/verify`,
      headers: nurse.headers,
      payload: { version: 1, password: TEST_PASSWORD },
    });
    expect(stale.statusCode).toBe(409);

    t.clock.advance(60);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${intakeId}/verify`,
      headers: nurse.headers,
      payload: { version: 2, password: TEST_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    const intake = res.json();
    expect(intake.status).toBe('verified');
    expect(intake.current).toMatchObject({
      version: 3,
      kind: 'verified',
      signature: {
        printedName: 'nurse user',
        signedAt: t.clock.now.toISOString(),
        meaning: expect.stringMatching(/^Verified/),
        userId: t.clinic.users.nurse.id,
      },
      baseline: { phq9: { responseId: baselinePhq9, total: 16 }, gad7: null, madrs: null },
    });
    expect(intake.current.facts.baselineScores).toEqual({ phq9: 16 });
    // A questionnaire after verification is not the baseline.
    t.clock.advance(60);
    await recordPhq9(t, nurse, patientId, [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect((await readIntake(t, nurse, intakeId)).current.baseline.phq9.responseId).toBe(baselinePhq9);
  });

  it('never edits a verified intake: a draft is refused; a signed addendum keeps the original', async () => {
    const intake = await readIntake(t, nurse, intakeId);
    const { baselineScores: _scores, ...facts } = intake.current.facts;
    const corrected = { ...facts, weightKg: 70 };
    const draft = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/intakes/${intakeId}/draft`,
      headers: nurse.headers,
      payload: { baseVersion: 3, facts: corrected },
    });
    expect(draft.statusCode).toBe(409);
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${intakeId}/addenda`,
      headers: nurse.headers,
      payload: { baseVersion: 3, facts: corrected, reason: ' ', password: TEST_PASSWORD },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('body.reason');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${intakeId}/addenda`,
      headers: nurse.headers,
      payload: {
        baseVersion: 3,
        facts: corrected,
        reason: 'Weighed in clinic: 70 kg',
        password: TEST_PASSWORD,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const after = res.json();
    expect(after.current).toMatchObject({ version: 4, kind: 'addendum', reason: 'Weighed in clinic: 70 kg' });
    expect(after.current.facts.weightKg).toBe(70);
    expect(after.current.facts.baselineScores).toEqual({ phq9: 16 });
    expect(after.current.baseline.phq9.responseId).toBe(baselinePhq9);
    expect(after.versions[2]).toMatchObject({ kind: 'verified' });
    expect(after.versions[2].facts.weightKg).toBe(72.6);
    await expect(t.database.db.updateTable('intake_versions').set({ reason: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.db.deleteFrom('consent_signatures').execute()).rejects.toThrow(/append-only/);
  });

  it('lets only intake staff verify: a therapist reads but cannot sign', async () => {
    const therapist = await signIn(t, 'therapist');
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/intakes/${intakeId}`, headers: therapist.headers }))
        .statusCode,
    ).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${intakeId}/addenda`,
      headers: therapist.headers,
      payload: {},
    });
    expect(res.statusCode).toBe(403);
  });

  it('audits every write and every read with the patient id', async () => {
    await sealAll(t.database.db);
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'patient_id', 'user_id', 'outcome'])
      .where('patient_id', '=', patientId)
      .execute();
    const kinds = rows.map((r) => `${r.action} ${r.entity_type}`);
    for (const kind of [
      'create intake',
      'create intake_link',
      'create intake_version',
      'create consent_signature',
      'read intake',
      'failed-sign-in e-signature',
    ]) {
      expect(kinds).toContain(kind);
    }
    const submission = rows.find((r) => r.entity_type === 'intake_version' && r.user_id === null);
    expect(submission).toBeDefined();
  });
});

describe('consent signed by staff', () => {
  it('binds the signature to the signed-in user, with printed name, time and meaning', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/consents`,
      headers: nurse.headers,
      payload: { formId: 'consent-discussion', password: TEST_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      printedName: 'nurse user',
      signedAt: t.clock.now.toISOString(),
      meaning: expect.stringMatching(/^I confirm that I held the consent discussion/),
      signer: { kind: 'user', userId: t.clinic.users.nurse.id },
    });
    const patientForm = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/consents`,
      headers: nurse.headers,
      payload: { formId: 'ketamine-treatment', password: TEST_PASSWORD },
    });
    expect(patientForm.statusCode).toBe(400);
    expect(patientForm.json().errors[0].field).toBe('body.formId');
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${patientId}/consents`,
      headers: nurse.headers,
    });
    expect(list.json().items.map((c: { formId: string }) => c.formId)).toEqual([
      'ketamine-treatment',
      'consent-discussion',
    ]);
  });
});

describe('another organisation', () => {
  it('answers 404 for its patients and intakes', async () => {
    const other = await seedClinic(t.database.db, 'Elsewhere', false);
    const { id: otherPatient } = await t.database.db
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
    const { id: otherIntake } = await t.database.db
      .insertInto('intakes')
      .values({ org_id: other.orgId, patient_id: otherPatient, created_by: null, created_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const link = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${otherPatient}/intake-links`,
      headers: nurse.headers,
      payload: {},
    });
    expect(link.statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/intakes/${otherIntake}`, headers: nurse.headers }))
        .statusCode,
    ).toBe(404);
    const draft = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/intakes/${otherIntake}/draft`,
      headers: nurse.headers,
      payload: { baseVersion: 0, facts: {} },
    });
    expect(draft.statusCode).toBe(404);
  });
});
