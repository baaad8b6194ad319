import { expect } from 'vitest';
import { recordCssrsNone, recordPhq9, verifiedIntake } from '../intake-helpers.ts';
import { type Session, TEST_PASSWORD, type TestContext } from './clinic.ts';

export type SignedPlan = { planId: string; sessions: { id: string; doseMg: number; plannedOn: string }[] };

/** Baseline PHQ-9 and C-SSRS, a verified intake, an eligibility decision and a signed IV ketamine plan. */
export async function signIvPlan(
  t: TestContext,
  nurse: Session,
  prescriber: Session,
  patientId: string,
  startDate: string,
  protocol: { id: string; version: number } = { id: 'iv-ketamine-standard', version: 1 },
): Promise<SignedPlan> {
  await recordPhq9(t, nurse, patientId, [2, 2, 2, 2, 2, 2, 2, 2, 0]);
  await recordCssrsNone(t, nurse, patientId);
  await verifiedIntake(t, nurse, patientId);
  const evaluation = await t.app.inject({
    method: 'GET',
    url: `/api/v1/patients/${patientId}/eligibility`,
    headers: prescriber.headers,
  });
  expect(evaluation.statusCode, evaluation.body).toBe(200);
  const decision = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/eligibility-decisions`,
    headers: prescriber.headers,
    payload: {
      route: 'iv-ketamine',
      decision: 'eligible',
      ruleSetVersion: evaluation.json().ruleSet.version,
      intakeVersionId: evaluation.json().intake.versionId,
      password: TEST_PASSWORD,
    },
  });
  expect(decision.statusCode, decision.body).toBe(201);
  const plan = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/plans`,
    headers: prescriber.headers,
    payload: {
      protocolId: protocol.id,
      protocolVersion: protocol.version,
      startDate,
      weightBasis: 'actual',
      concentrationMgPerMl: 10,
      bagMl: 100,
      password: TEST_PASSWORD,
    },
  });
  expect(plan.statusCode, plan.body).toBe(201);
  return { planId: plan.json().id, sessions: plan.json().sessions };
}
