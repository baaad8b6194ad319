import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import { createTestApp, type Session, signIn, TEST_PASSWORD, type TestContext } from './helpers/clinic.ts';
import { createPatient, recordCssrsNone, verifiedIntake } from './intake-helpers.ts';

let t: TestContext;
let admin: Session;
let nurse: Session;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t, 'admin');
  nurse = await signIn(t, 'nurse');
});
afterAll(() => t.close());

const edit = (id: string, payload: object, session = admin) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/protocols/${id}/versions`,
    headers: session.headers,
    payload,
  });

const storedCount = async () =>
  (await t.database.db.selectFrom('protocol_versions').select('id').execute()).length;

describe('protocols', () => {
  it('lists Ketaflow’s defaults for every clinician, version 1, not yet stored', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/protocols', headers: nurse.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual([
      'iv-ketamine-standard',
      'esketamine-trd',
      'esketamine-acute-suicidal-ideation',
    ]);
    expect(res.json().items[0].versions).toEqual([expect.objectContaining({ version: 1, stored: false })]);
    const one = await t.app.inject({
      method: 'GET',
      url: '/api/v1/protocols/iv-ketamine-standard',
      headers: nurse.headers,
    });
    expect(one.json().protocol.phases[0].maxDose).toMatchObject({ value: 0.75, evidence: ['andrade-2017'] });
    const frontDesk = await signIn(t, 'front_desk');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/protocols', headers: frontDesk.headers }))
        .statusCode,
    ).toBe(403);
  });

  it('refuses an invalid edit with 400 naming the field, and stores nothing', async () => {
    const cases: [string, object, string][] = [
      [
        'iv-ketamine-standard',
        { baseVersion: 1, phases: { induction: { maxDose: 3 } } },
        'body.phases.induction.maxDose',
      ],
      [
        'iv-ketamine-standard',
        { baseVersion: 1, phases: { induction: { titrationSteps: [0.75, 0.5] } } },
        'body.phases.induction.titrationSteps',
      ],
      [
        'esketamine-trd',
        { baseVersion: 1, phases: { induction: { sessions: 10 } } },
        'body.phases.induction.sessions',
      ],
      [
        'esketamine-trd',
        { baseVersion: 1, phases: { induction: { monitoringMinutes: 60 } } },
        'body.phases.induction.monitoringMinutes',
      ],
      [
        'iv-ketamine-standard',
        { baseVersion: 1, phases: { induction: { maxDose: 'lots' } } },
        'body.phases.induction.maxDose',
      ],
      ['iv-ketamine-standard', { baseVersion: 1, name: ' ' }, 'body.name'],
    ];
    for (const [id, payload, field] of cases) {
      const res = await edit(id, payload);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        res.body,
      ).toContain(field);
    }
    expect(
      (
        await edit(
          'iv-ketamine-standard',
          { baseVersion: 1, phases: { induction: { maxDose: 0.75 } } },
          nurse,
        )
      ).statusCode,
    ).toBe(403);
    expect(await storedCount()).toBe(0);
  });

  it('makes an admin’s edit a new version, clinic policy, keeping version 1', async () => {
    const res = await edit('iv-ketamine-standard', {
      baseVersion: 1,
      phases: { induction: { titrationSteps: [0.5, 0.75, 1], maxDose: 1, monitoringMinutes: 90 } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      version: 2,
      latestVersion: 2,
      stored: true,
      createdBy: { id: t.clinic.users.admin.id },
    });
    expect(res.json().protocol.phases[0].maxDose).toMatchObject({ value: 1, clinicPolicy: true });
    expect(res.json().warnings.join(' ')).toMatch(/exceeds the evidence/);
    expect((await edit('iv-ketamine-standard', { baseVersion: 1, name: 'Again' })).statusCode).toBe(409);
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/protocols', headers: nurse.headers })
    ).json();
    expect(
      list.items[0].versions.map((v: { version: number; stored: boolean }) => [v.version, v.stored]),
    ).toEqual([
      [1, true],
      [2, true],
    ]);
    const v1 = await t.app.inject({
      method: 'GET',
      url: '/api/v1/protocols/iv-ketamine-standard/versions/1',
      headers: nurse.headers,
    });
    expect(v1.json().protocol.phases[0].maxDose.value).toBe(0.75);
  });

  it('copies a protocol under a new id, remembering its origin', async () => {
    const copy = await t.app.inject({
      method: 'POST',
      url: '/api/v1/protocols',
      headers: admin.headers,
      payload: {
        sourceId: 'esketamine-trd',
        id: 'esketamine-trd-evening',
        name: 'Esketamine, evening clinic',
      },
    });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json()).toMatchObject({
      id: 'esketamine-trd-evening',
      version: 1,
      basedOn: { id: 'esketamine-trd', version: 1 },
    });
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/protocols',
      headers: admin.headers,
      payload: { sourceId: 'esketamine-trd', id: 'iv-ketamine-standard', name: 'Clash' },
    });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().errors[0].field).toBe('body.id');
    const badId = await t.app.inject({
      method: 'POST',
      url: '/api/v1/protocols',
      headers: admin.headers,
      payload: { sourceId: 'esketamine-trd', id: 'Not Kebab', name: 'x' },
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].field).toBe('body.id');
    await sealAll(t.database.db);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('entity_type')
      .where('action', '=', 'create')
      .execute();
    expect(audit.map((a) => a.entity_type)).toContain('protocol_version');
  });

  it('plans with the version in force only, and doses above the edited maximum still need a reason', async () => {
    const prescriber = await signIn(t, 'prescriber');
    const patientId = await createPatient(t, nurse);
    await recordCssrsNone(t, nurse, patientId);
    await verifiedIntake(t, nurse, patientId);
    const evaluation = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/patients/${patientId}/eligibility`,
        headers: prescriber.headers,
      })
    ).json();
    const decision = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/eligibility-decisions`,
      headers: prescriber.headers,
      payload: {
        route: 'iv-ketamine',
        decision: 'eligible',
        ruleSetVersion: evaluation.ruleSet.version,
        intakeVersionId: evaluation.intake.versionId,
        password: TEST_PASSWORD,
      },
    });
    expect(decision.statusCode, decision.body).toBe(201);
    const plan = { protocolId: 'iv-ketamine-standard', startDate: '2030-03-04', concentrationMgPerMl: 10 };
    const preview = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/patients/${patientId}/plans/preview`,
        headers: prescriber.headers,
        payload,
      });
    expect((await preview({ ...plan, protocolVersion: 1 })).statusCode).toBe(409);
    const ok = await preview({ ...plan, protocolVersion: 2, dose: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().dosing.aboveLimit).toBe(false);
    const above = await preview({ ...plan, protocolVersion: 2, dose: 1.2 });
    expect(above.statusCode).toBe(400);
    expect(above.json().errors[0].field).toBe('body.aboveLimitReason');
  });
});
