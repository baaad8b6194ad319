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
let admin: Session;
let patientId: string;
let excludedId: string;

beforeAll(async () => {
  t = await createTestApp();
  nurse = await signIn(t, 'nurse');
  prescriber = await signIn(t, 'prescriber');
  admin = await signIn(t, 'admin');
  patientId = await createPatient(t, nurse);
  await recordPhq9(t, nurse, patientId, [2, 2, 2, 2, 2, 2, 2, 2, 0]);
  await recordCssrsNone(t, nurse, patientId);
  await verifiedIntake(t, nurse, patientId);
  excludedId = await createPatient(t, nurse, { legalGivenName: 'Sam' });
  await recordCssrsNone(t, nurse, excludedId);
  await verifiedIntake(t, nurse, excludedId, { ps_activePsychosis: 'yes' });
});
afterAll(() => t.close());

const evaluate = (id: string, session = prescriber, query = '') =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/patients/${id}/eligibility${query}`,
    headers: session.headers,
  });

const decide = (id: string, payload: object, session = prescriber) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${id}/eligibility-decisions`,
    headers: session.headers,
    payload,
  });

const decisionCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('eligibility_decisions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('evaluation', () => {
  it('needs a verified intake', async () => {
    const fresh = await createPatient(t, nurse, { legalGivenName: 'Kim' });
    const res = await evaluate(fresh);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/verified intake/);
  });

  it('lists every fired rule with finding, reason, evidence and clinic-policy flag for both routes', async () => {
    const res = await evaluate(patientId, nurse);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.ruleSet).toEqual({ id: 'ketaflow-default', version: 1 });
    expect(body.intake).toMatchObject({ kind: 'verified', signature: { printedName: 'nurse user' } });
    const iv = body.evaluations.find((e: { route: string }) => e.route === 'iv-ketamine');
    expect(iv.suggestedDecision).toBe('eligible');
    expect(iv.unanswered).toEqual([]);
    const trd = iv.fired.find((r: { ruleId: string }) => r.ruleId === 'treatment-resistant-depression');
    expect(trd).toMatchObject({
      severity: 'info',
      finding: expect.stringMatching(/2 adequate antidepressant trials without response/),
      reason: expect.any(String),
      clinicPolicy: expect.any(Boolean),
    });
    expect(trd.evidence.length).toBeGreaterThan(0);
    expect(trd.citations[0]).toMatchObject({ id: trd.evidence[0], citation: expect.any(String) });
    expect(body.evaluations.map((e: { route: string }) => e.route)).toEqual(['iv-ketamine', 'esketamine']);
    expect(body.decisions).toEqual([]);
  });

  it('fires the exclusion for active psychosis and suggests not eligible', async () => {
    const res = await evaluate(excludedId, prescriber, '?route=iv-ketamine');
    const [iv] = res.json().evaluations;
    expect(iv.suggestedDecision).toBe('not-eligible');
    expect(iv.fired[0]).toMatchObject({
      ruleId: 'active-psychosis-or-mania',
      severity: 'exclusion',
      finding: 'recorded: active psychosis',
    });
  });

  it('is not for front desk, and answers 404 for another clinic’s patient', async () => {
    const frontDesk = await signIn(t, 'front_desk');
    expect((await evaluate(patientId, frontDesk)).statusCode).toBe(403);
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
    expect((await evaluate(id)).statusCode).toBe(404);
    const res = await decide(id, {
      route: 'iv-ketamine',
      decision: 'not-eligible',
      ruleSetVersion: 1,
      intakeVersionId: id,
      password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('signed decisions', () => {
  let intakeVersionId: string;
  let excludedVersionId: string;
  let overrideId: string;

  beforeAll(async () => {
    intakeVersionId = (await evaluate(patientId)).json().intake.versionId;
    excludedVersionId = (await evaluate(excludedId)).json().intake.versionId;
  });

  it('is only for prescribers', async () => {
    const res = await decide(
      patientId,
      {
        route: 'iv-ketamine',
        decision: 'eligible',
        ruleSetVersion: 1,
        intakeVersionId,
        password: TEST_PASSWORD,
      },
      nurse,
    );
    expect(res.statusCode).toBe(403);
  });

  it('refuses a wrong password, a stale rule set or intake, and bad input, writing nothing', async () => {
    const base = {
      route: 'iv-ketamine',
      decision: 'eligible',
      ruleSetVersion: 1,
      intakeVersionId,
      password: TEST_PASSWORD,
    };
    const wrong = await decide(patientId, { ...base, password: 'guess' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('body.password');
    expect((await decide(patientId, { ...base, ruleSetVersion: 2 })).statusCode).toBe(409);
    expect((await decide(patientId, { ...base, intakeVersionId: excludedVersionId })).statusCode).toBe(409);
    const bad = await decide(patientId, { ...base, decision: 'maybe', route: 'oral' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.decision', 'body.route']);
    expect(await decisionCount()).toBe(0);
  });

  it('signs a decision with the rule-set version and the evaluation it was made on', async () => {
    const res = await decide(patientId, {
      route: 'iv-ketamine',
      decision: 'eligible',
      ruleSetVersion: 1,
      intakeVersionId,
      password: TEST_PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      decision: 'eligible',
      suggestedDecision: 'eligible',
      ruleSet: { id: 'ketaflow-default', version: 1 },
      intake: { versionId: intakeVersionId },
      overriddenExclusions: [],
      overrideReason: null,
      supersedesId: null,
      signature: {
        printedName: 'prescriber user',
        signedAt: t.clock.now.toISOString(),
        meaning: expect.stringMatching(/eligible for IV ketamine/),
        userId: t.clinic.users.prescriber.id,
      },
    });
    expect(res.json().evaluation.fired.map((r: { ruleId: string }) => r.ruleId)).toContain(
      'treatment-resistant-depression',
    );
    const stored = await t.database.db
      .selectFrom('eligibility_rule_sets')
      .select(['version', 'created_by'])
      .execute();
    expect(stored).toEqual([{ version: 1, created_by: null }]);
  });

  it('needs a written reason to override an exclusion, and records the override', async () => {
    const base = {
      route: 'iv-ketamine',
      decision: 'eligible-with-cautions',
      ruleSetVersion: 1,
      intakeVersionId: excludedVersionId,
      password: TEST_PASSWORD,
    };
    const none = await decide(excludedId, base);
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([
      { field: 'body.overrideReason', message: expect.stringMatching(/active-psychosis-or-mania/) },
    ]);
    expect((await decide(excludedId, { ...base, overrideReason: '...' })).statusCode).toBe(400);
    const res = await decide(excludedId, {
      ...base,
      overrideReason: 'Psychiatrist review: perceptual symptoms are trauma-related, not psychotic.',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      decision: 'eligible-with-cautions',
      suggestedDecision: 'not-eligible',
      overriddenExclusions: ['active-psychosis-or-mania'],
      overrideReason: 'Psychiatrist review: perceptual symptoms are trauma-related, not psychotic.',
    });
    overrideId = res.json().id;
  });

  it('never edits a decision: a new one supersedes it', async () => {
    t.clock.advance(60);
    const res = await decide(excludedId, {
      route: 'iv-ketamine',
      decision: 'not-eligible',
      ruleSetVersion: 1,
      intakeVersionId: excludedVersionId,
      password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().supersedesId).toBe(overrideId);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${excludedId}/eligibility-decisions`,
      headers: nurse.headers,
    });
    expect(list.json().items.map((d: { decision: string }) => d.decision)).toEqual([
      'not-eligible',
      'eligible-with-cautions',
    ]);
    expect((await evaluate(excludedId)).json().decisions[0].id).toBe(res.json().id);
    await expect(
      t.database.db.updateTable('eligibility_decisions').set({ override_reason: 'x' }).execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('audits decisions and evaluation reads with the patient id', async () => {
    await sealAll(t.database.db);
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where('patient_id', '=', excludedId)
      .execute();
    const kinds = rows.map((r) => `${r.action} ${r.entity_type}`);
    expect(kinds).toContain('create eligibility_decision');
    expect(kinds).toContain('read eligibility_evaluation');
    expect(kinds).toContain('read eligibility_decision');
  });
});

describe('the clinic’s rule set', () => {
  it('starts as Ketaflow’s default, readable by clinical staff', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/eligibility/rule-set',
      headers: nurse.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().current).toMatchObject({ id: 'ketaflow-default', version: 1, stored: true });
    expect(res.json().current.rules.length).toBeGreaterThan(20);
  });

  it('refuses to change a rule backed by a source, naming it, and stores nothing', async () => {
    const { rules } = (
      await t.app.inject({ method: 'GET', url: '/api/v1/eligibility/rule-set', headers: admin.headers })
    ).json().current;
    const index = rules.findIndex((r: { id: string }) => r.id === 'esketamine-aneurysm-or-avm');
    const changed = rules.map((r: { id: string }, i: number) =>
      i === index ? { ...r, severity: 'caution' } : r,
    );
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/eligibility/rule-set',
      headers: admin.headers,
      payload: { baseVersion: 1, rules: changed },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual({
      field: `body.rules.${index}`,
      message: 'esketamine-aneurysm-or-avm: a rule backed by a source cannot be changed',
    });
    const nurseEdit = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/eligibility/rule-set',
      headers: nurse.headers,
      payload: { baseVersion: 1, rules },
    });
    expect(nurseEdit.statusCode).toBe(403);
    expect(await t.database.db.selectFrom('eligibility_rule_sets').select('version').execute()).toHaveLength(
      1,
    );
  });

  it('makes an admin’s edit a new version; decisions then need the new one', async () => {
    const { rules } = (
      await t.app.inject({ method: 'GET', url: '/api/v1/eligibility/rule-set', headers: admin.headers })
    ).json().current;
    const edited = rules.map((r: { id: string }) =>
      r.id === 'baseline-bp-above-140-90'
        ? { ...r, condition: { kind: 'baseline-bp-above', systolicMmHg: 120, diastolicMmHg: 75 } }
        : r,
    );
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/eligibility/rule-set',
      headers: admin.headers,
      payload: { baseVersion: 1, rules: edited },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      version: 2,
      stored: true,
      createdBy: { id: t.clinic.users.admin.id },
    });
    const stale = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/eligibility/rule-set',
      headers: admin.headers,
      payload: { baseVersion: 1, rules: edited },
    });
    expect(stale.statusCode).toBe(409);
    const versions = await t.app.inject({
      method: 'GET',
      url: '/api/v1/eligibility/rule-set',
      headers: admin.headers,
    });
    expect(versions.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const v1 = await t.app.inject({
      method: 'GET',
      url: '/api/v1/eligibility/rule-set/versions/1',
      headers: nurse.headers,
    });
    expect(
      v1.json().rules.find((r: { id: string }) => r.id === 'baseline-bp-above-140-90').condition.systolicMmHg,
    ).toBe(140);

    const evaluation = (await evaluate(patientId, prescriber, '?route=iv-ketamine')).json();
    expect(evaluation.ruleSet.version).toBe(2);
    expect(evaluation.evaluations[0].suggestedDecision).toBe('eligible-with-cautions');
    const old = await decide(patientId, {
      route: 'iv-ketamine',
      decision: 'eligible',
      ruleSetVersion: 1,
      intakeVersionId: evaluation.intake.versionId,
      password: TEST_PASSWORD,
    });
    expect(old.statusCode).toBe(409);
  });
});
