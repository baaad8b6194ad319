import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { type Session, TEST_PASSWORD, type TestContext } from './helpers/clinic.ts';

/** Shared steps for the intake, eligibility and plan tests. */

export async function createPatient(
  t: TestContext,
  session: Session,
  fields: { sexAtBirth?: string; legalGivenName?: string } = {},
): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: session.headers,
    payload: {
      legalGivenName: fields.legalGivenName ?? 'Alex',
      legalFamilyName: `Rivera-${randomUUID().slice(0, 8)}`,
      dateOfBirth: '1984-03-09',
      sexAtBirth: fields.sexAtBirth ?? 'female',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

/** A complete form with every required question answered "no" or "never", and two failed trials. */
export function fullIntakeForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    diagnoses: 'Major depressive disorder, recurrent, severe',
    episodeMonths: '14',
    tr1_drug: 'sertraline',
    tr1_dose: '150 mg daily',
    tr1_weeks: '8',
    tr1_adherence: 'good',
    tr1_response: 'none',
    tr1_episode: 'current',
    tr2_drug: 'venlafaxine',
    tr2_dose: '225 mg daily',
    tr2_weeks: '10',
    tr2_adherence: 'good',
    tr2_response: 'partial',
    tr2_episode: 'current',
    tx_psychotherapy: 'yes',
    tx_psychotherapy_details: 'CBT, 16 sessions',
    tx_ect: 'no',
    tx_tms: 'no',
    ps_activePsychosis: 'no',
    ps_activeMania: 'no',
    ps_pastPsychosis: 'no',
    ps_pastMania: 'no',
    su_ketamine: 'never',
    su_pcp: 'never',
    su_alcohol: 'current-use',
    su_cannabis: 'never',
    mh_hypertension: 'none',
    mh_heartDisease: 'no',
    mh_aneurysmalVascularDiseaseOrAvm: 'no',
    mh_intracerebralHaemorrhage: 'no',
    mh_stroke: 'no',
    mh_seizures: 'no',
    mh_liverDisease: 'no',
    mh_bladderSymptoms: 'no',
    mh_raisedIntracranialPressure: 'no',
    mh_raisedIntraocularPressure: 'no',
    mh_pregnant: 'no',
    mh_breastfeeding: 'no',
    med1_name: 'bupropion',
    med1_dose: '300 mg daily',
    med1_kind: 'antidepressant',
    al_ketamine: 'no',
    al_esketamine: 'no',
    al1_name: 'penicillin',
    al1_reaction: 'rash',
    heightFt: '5',
    heightIn: '7',
    weightLb: '160',
    consent: 'yes',
    printedName: 'Alex Rivera',
    ...overrides,
  };
}

export function postForm(t: TestContext, path: string, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: path,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

export async function newIntakeLink(
  t: TestContext,
  session: Session,
  patientId: string,
): Promise<{ path: string; intakeId: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/intake-links`,
    headers: session.headers,
    payload: {},
  });
  expect(res.statusCode, res.body).toBe(201);
  return { path: new URL(res.json().url).pathname, intakeId: res.json().intakeId };
}

export async function readIntake(t: TestContext, session: Session, intakeId: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/intakes/${intakeId}`,
    headers: session.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** PHQ-9 with these nine item scores, entered by staff. */
export async function recordPhq9(t: TestContext, session: Session, patientId: string, items: number[]) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/responses`,
    headers: session.headers,
    payload: {
      instrument: 'phq9',
      answers: Object.fromEntries(items.map((v, i) => [`q${i + 1}`, v])),
      source: 'staff-for-patient',
      idempotencyKey: randomUUID(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().response.id as string;
}

/**
 * Patient -> link -> form -> nurse marks trials adequate and adds vitals -> nurse verifies. The form
 * fields can be overridden (for an exclusion, say).
 */
export async function verifiedIntake(
  t: TestContext,
  nurse: Session,
  patientId: string,
  overrides: Record<string, string> = {},
): Promise<{ intakeId: string; view: Record<string, unknown> }> {
  const { path, intakeId } = await newIntakeLink(t, nurse, patientId);
  const submitted = await postForm(t, path, fullIntakeForm(overrides));
  expect(submitted.statusCode, submitted.body).toBe(200);
  const before = await readIntake(t, nurse, intakeId);
  const facts = before.versions.at(-1).facts;
  const trials = facts.psychiatricHistory.antidepressantTrials.map((trial: object) => ({
    ...trial,
    adequate: true,
  }));
  const draft = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/intakes/${intakeId}/draft`,
    headers: nurse.headers,
    payload: {
      baseVersion: before.latestVersion,
      facts: {
        ...facts,
        psychiatricHistory: {
          ...facts.psychiatricHistory,
          antidepressantTrials: trials,
          acuteSuicidalIdeationOrBehaviour: false,
        },
        currentMedications: facts.currentMedications.map((m: { classes: string[] }) => ({
          ...m,
          classes: m.classes.length ? m.classes : ['other'],
        })),
        baselineVitals: { systolicMmHg: 124, diastolicMmHg: 78, heartRateBpm: 72, spo2Percent: 98 },
      },
    },
  });
  expect(draft.statusCode, draft.body).toBe(200);
  const verified = await t.app.inject({
    method: 'POST',
    url: `/api/v1/intakes/${intakeId}/verify`,
    headers: nurse.headers,
    payload: { version: draft.json().latestVersion, password: TEST_PASSWORD },
  });
  expect(verified.statusCode, verified.body).toBe(200);
  return { intakeId, view: verified.json() };
}

/** A C-SSRS Screener with every answer no (risk: none), entered by staff. */
export async function recordCssrsNone(t: TestContext, session: Session, patientId: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/responses`,
    headers: session.headers,
    payload: {
      instrument: 'cssrs-screener',
      answers: { q1: 0, q2: 0, q6: 0 },
      source: 'staff-for-patient',
      idempotencyKey: randomUUID(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().response.id as string;
}
