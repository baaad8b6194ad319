import { sql } from 'kysely';
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
import { createPatient, recordCssrsNone, recordPhq9, verifiedIntake } from './intake-helpers.ts';

let t: TestContext;
let nurse: Session;
let prescriber: Session;
let patientId: string;

const IV_PLAN = {
  protocolId: 'iv-ketamine-standard',
  protocolVersion: 1,
  startDate: '2030-03-04',
  weightBasis: 'actual',
  concentrationMgPerMl: 10,
  bagMl: 100,
};

async function signDecision(id: string, route: string, decision = 'eligible') {
  const evaluation = await t.app.inject({
    method: 'GET',
    url: `/api/v1/patients/${id}/eligibility`,
    headers: prescriber.headers,
  });
  expect(evaluation.statusCode, evaluation.body).toBe(200);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${id}/eligibility-decisions`,
    headers: prescriber.headers,
    payload: {
      route,
      decision,
      ruleSetVersion: evaluation.json().ruleSet.version,
      intakeVersionId: evaluation.json().intake.versionId,
      password: TEST_PASSWORD,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const post = (url: string, payload: object, session = prescriber) =>
  t.app.inject({ method: 'POST', url, headers: session.headers, payload });

const countSessions = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('planned_sessions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  nurse = await signIn(t, 'nurse');
  prescriber = await signIn(t, 'prescriber');
  // The whole path: patient, baseline questionnaires, intake link, the patient's form, nurse verifies.
  patientId = await createPatient(t, nurse);
  await recordPhq9(t, nurse, patientId, [2, 2, 2, 2, 2, 2, 2, 2, 0]);
  await recordCssrsNone(t, nurse, patientId);
  await verifiedIntake(t, nurse, patientId);
});
afterAll(() => t.close());

describe('a treatment plan', () => {
  it('needs a signed decision that the patient is eligible for the protocol’s route', async () => {
    const none = await post(`/api/v1/patients/${patientId}/plans/preview`, IV_PLAN);
    expect(none.statusCode).toBe(409);
    expect(none.json().detail).toMatch(/eligible for IV ketamine/);
    await signDecision(patientId, 'iv-ketamine', 'not-eligible');
    expect((await post(`/api/v1/patients/${patientId}/plans/preview`, IV_PLAN)).statusCode).toBe(409);
    t.clock.advance(60);
    await signDecision(patientId, 'iv-ketamine', 'eligible');
  });

  it('previews the sessions and each dose with how it was calculated, storing nothing', async () => {
    const res = await post(`/api/v1/patients/${patientId}/plans/preview`, IV_PLAN, nurse);
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json();
    expect(plan.protocol).toMatchObject({ id: 'iv-ketamine-standard', version: 1 });
    expect(plan.phase).toMatchObject({ id: 'induction', maxDose: 0.75, unit: 'mg/kg' });
    expect(plan.dosing).toMatchObject({
      weightBasis: 'actual',
      weightKg: 72.6,
      dose: 0.5,
      aboveLimit: false,
    });
    expect(plan.sessions).toHaveLength(6);
    expect(plan.sessions.map((s: { date: string }) => s.date)).toEqual([
      '2030-03-04',
      '2030-03-06',
      '2030-03-08',
      '2030-03-11',
      '2030-03-13',
      '2030-03-15',
    ]);
    expect(plan.sessions[0]).toMatchObject({ dose: 0.5, unit: 'mg/kg', doseMg: 36.3, status: 'planned' });
    expect(plan.sessions[0].calculation).toMatchObject({
      dosingWeightKg: 72.6,
      volumeMl: 3.63,
      totalVolumeMl: 103.63,
      rateMlPerHour: 155.4,
    });
    expect(plan.sessions[0].calculation.steps.map((s: { label: string }) => s.label)).toContain('Pump rate');
    expect(await countSessions()).toBe(0);
  });

  it('names the field for bad input and needs a reason for a dose above the protocol’s maximum', async () => {
    const url = `/api/v1/patients/${patientId}/plans/preview`;
    const cases: [object, string][] = [
      [{ ...IV_PLAN, startDate: 'next monday' }, 'body.startDate'],
      [{ ...IV_PLAN, sessionsPerWeek: 5 }, 'body.sessionsPerWeek'],
      [{ ...IV_PLAN, concentrationMgPerMl: undefined }, 'body.concentrationMgPerMl'],
      [{ ...IV_PLAN, dose: 2.5 }, 'body.dose'],
      [{ ...IV_PLAN, dose: 0.9 }, 'body.aboveLimitReason'],
      [{ ...IV_PLAN, dose: 0.9, aboveLimitReason: '!!' }, 'body.aboveLimitReason'],
      [{ ...IV_PLAN, protocolVersion: 7 }, 'body.protocolVersion'],
      [{ ...IV_PLAN, weightBasis: 'heaviest' }, 'body.weightBasis'],
    ];
    for (const [payload, field] of cases) {
      const res = await post(url, payload);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const ok = await post(url, {
      ...IV_PLAN,
      dose: 0.9,
      aboveLimitReason: 'Partial response at 0.75 mg/kg in a previous course.',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().dosing).toMatchObject({ dose: 0.9, aboveLimit: true });
    expect(ok.json().warnings.join(' ')).toMatch(/above the protocol’s maximum/);
    const ideal = await post(url, { ...IV_PLAN, weightBasis: 'ideal' });
    expect(ideal.statusCode, ideal.body).toBe(200);
    expect(ideal.json().dosing).toMatchObject({ weightBasis: 'ideal', heightCm: 170.2, sex: 'female' });
    expect(ideal.json().sessions[0].calculation.dosingWeightKg).toBeLessThan(72.6);
  });

  let planId: string;

  it('is signed by a prescriber only, with their own password, and stores the planned sessions', async () => {
    const url = `/api/v1/patients/${patientId}/plans`;
    expect((await post(url, { ...IV_PLAN, password: TEST_PASSWORD }, nurse)).statusCode).toBe(403);
    const wrong = await post(url, { ...IV_PLAN, password: 'not mine' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('body.password');
    expect(await countSessions()).toBe(0);
    const res = await post(url, { ...IV_PLAN, password: TEST_PASSWORD });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    planId = plan.id;
    expect(plan.signature).toMatchObject({
      printedName: 'prescriber user',
      signedAt: t.clock.now.toISOString(),
      meaning: expect.stringMatching(/^Treatment plan: I prescribe IV racemic ketamine/),
      userId: t.clinic.users.prescriber.id,
    });
    expect(plan.eligibilityDecision.decision).toBe('eligible');
    expect(plan.sessions).toHaveLength(6);
    expect(plan.sessions.every((s: { id: string; status: string }) => s.id && s.status === 'planned')).toBe(
      true,
    );
    const rows = await t.database.db
      .selectFrom('planned_sessions')
      .select(['planned_on', 'dose', 'dose_mg', 'status'])
      .where('plan_id', '=', planId)
      .orderBy('number')
      .execute();
    expect(rows[0]).toEqual({ planned_on: '2030-03-04', dose: '0.5', dose_mg: '36.3', status: 'planned' });
    const stored = await t.database.db
      .selectFrom('protocol_versions')
      .select(['protocol_id', 'version'])
      .execute();
    expect(stored).toEqual([{ protocol_id: 'iv-ketamine-standard', version: 1 }]);
    await expect(
      sql`UPDATE planned_sessions SET dose = 1 WHERE plan_id = ${planId}`.execute(t.database.db),
    ).rejects.toThrow(/only the status/);
    await expect(t.database.db.deleteFrom('planned_sessions').execute()).rejects.toThrow(/never deleted/);
    await expect(
      t.database.db.updateTable('treatment_plans').set({ phase_id: 'x' }).execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('suggests the next dose from the protocol and shows the response so far; nothing is applied', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plans/${planId}/next-session-suggestion`,
      headers: nurse.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.session).toMatchObject({
      number: 1,
      date: '2030-03-04',
      plannedDose: 0.5,
      doseDecision: null,
    });
    expect(body.suggestion).toMatchObject({ action: 'start', dose: 0.5, unit: 'mg/kg', applied: false });
    expect(body.suggestion.reason).toMatch(/0.5 mg\/kg over 40 minutes/);
    expect(body.response).toMatchObject({ instrument: 'phq9', latest: { total: 16 } });
    expect(body.sessionData).toMatchObject({
      available: false,
      note: expect.stringMatching(/no session of this plan has been charted yet/),
    });
    expect(body.applied).toBe(false);
  });

  it('records the prescriber’s accept or change, with a reason, beside the planned session', async () => {
    const sessions = (
      await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers: nurse.headers })
    ).json().sessions;
    const url = `/api/v1/plans/${planId}/sessions/${sessions[0].id}/dose-decision`;
    expect((await post(url, { action: 'accept', password: TEST_PASSWORD }, nurse)).statusCode).toBe(403);
    const accept = await post(url, { action: 'accept', password: TEST_PASSWORD });
    expect(accept.statusCode, accept.body).toBe(201);
    expect(accept.json()).toMatchObject({
      action: 'accept',
      dose: 0.5,
      doseMg: 36.3,
      suggestion: { action: 'start', dose: 0.5 },
      signature: { printedName: 'prescriber user' },
    });
    const noReason = await post(url, { action: 'change', dose: 0.6, password: TEST_PASSWORD });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('body.reason');
    const overMax = await post(url, {
      action: 'change',
      dose: 0.9,
      reason: 'Try higher',
      password: TEST_PASSWORD,
    });
    expect(overMax.statusCode).toBe(400);
    expect(overMax.json().errors[0].field).toBe('body.aboveLimitReason');
    const notNext = await post(`/api/v1/plans/${planId}/sessions/${sessions[2].id}/dose-decision`, {
      action: 'accept',
      password: TEST_PASSWORD,
    });
    expect(notNext.statusCode).toBe(409);
    const unknown = await post(`/api/v1/plans/${planId}/sessions/${planId}/dose-decision`, {
      action: 'accept',
      password: TEST_PASSWORD,
    });
    expect(unknown.statusCode).toBe(404);
    t.clock.advance(30);
    const change = await post(url, {
      action: 'change',
      dose: 0.6,
      reason: 'Low body fat and good tolerance of procedural ketamine before',
      password: TEST_PASSWORD,
    });
    expect(change.statusCode, change.body).toBe(201);
    expect(change.json()).toMatchObject({ action: 'change', dose: 0.6, doseMg: 43.6 });
    const plan = (
      await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers: nurse.headers })
    ).json();
    expect(plan.sessions[0]).toMatchObject({ dose: 0.5, doseDecision: { action: 'change', dose: 0.6 } });
    const next = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plans/${planId}/next-session-suggestion`,
      headers: prescriber.headers,
    });
    expect(next.json().session.doseDecision).toMatchObject({ dose: 0.6 });
  });

  it('is superseded by a later plan, never edited', async () => {
    t.clock.advance(60);
    const res = await post(`/api/v1/patients/${patientId}/plans`, {
      ...IV_PLAN,
      sessionsPerWeek: 2,
      weekdays: ['tue', 'fri'],
      password: TEST_PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().supersedesId).toBe(planId);
    expect(
      res
        .json()
        .sessions.map((s: { date: string }) => s.date)
        .slice(0, 3),
    ).toEqual(['2030-03-05', '2030-03-08', '2030-03-12']);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${patientId}/plans`,
      headers: nurse.headers,
    });
    expect(list.json().items.map((p: { inForce: boolean }) => p.inForce)).toEqual([true, false]);
  });

  it('plans esketamine with the label’s 56 mg first dose and the prescriber’s chosen dose after it', async () => {
    await signDecision(patientId, 'esketamine');
    const res = await post(`/api/v1/patients/${patientId}/plans/preview`, {
      protocolId: 'esketamine-trd',
      protocolVersion: 1,
      startDate: '2030-03-04',
      dose: 84,
    });
    expect(res.statusCode, res.body).toBe(200);
    const sessions = res.json().sessions;
    expect(sessions).toHaveLength(8);
    expect(sessions[0]).toMatchObject({
      dose: 56,
      unit: 'mg',
      calculation: { devices: 2, minutesBetweenDevices: 5 },
    });
    expect(sessions[1]).toMatchObject({ dose: 84, calculation: { devices: 3 } });
    expect(res.json().dosing.weightBasis).toBeNull();
  });

  it('audits every write and read with the patient id', async () => {
    await sealAll(t.database.db);
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where('patient_id', '=', patientId)
      .execute();
    const kinds = new Set(rows.map((r) => `${r.action} ${r.entity_type}`));
    for (const kind of [
      'create treatment_plan',
      'read treatment_plan',
      'create dose_decision',
      'read dose_suggestion',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('answers 404 for another clinic’s plans and patients', async () => {
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
    expect((await post(`/api/v1/patients/${id}/plans/preview`, IV_PLAN)).statusCode).toBe(404);
    expect(
      (await post(`/api/v1/patients/${id}/plans`, { ...IV_PLAN, password: TEST_PASSWORD })).statusCode,
    ).toBe(404);
    const otherProscriber = other.users.prescriber;
    expect(otherProscriber.id).not.toBe(t.clinic.users.prescriber.id);
    // The plan id is this clinic's; seen from the other clinic it does not exist.
    const outsider = await signIn({ ...t, clinic: other }, 'nurse');
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers: outsider.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/plans/${planId}/next-session-suggestion`,
          headers: outsider.headers,
        })
      ).statusCode,
    ).toBe(404);
  });
});
