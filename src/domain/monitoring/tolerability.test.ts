import { describe, expect, it } from 'vitest';
import { judgeTolerability, type SessionObservations, TOLERABILITY_RULE } from './tolerability.ts';

const calm: SessionObservations = {
  peakSystolicMmHg: 150,
  peakDiastolicMmHg: 92,
  lowestMoaas: 4,
  highestDissociation: 2,
  adverseEvents: [{ event: 'nausea', severity: 'mild' }],
  stoppedEarly: false,
  alertsAfterDose: [],
};

describe('judgeTolerability', () => {
  it('counts a session with only mild events as tolerated', () => {
    expect(judgeTolerability(calm)).toEqual({ tolerated: true, severeReaction: false, reasons: [] });
  });

  it('treats a moderate event or an early stop as not tolerated, without a severe reaction', () => {
    expect(
      judgeTolerability({ ...calm, adverseEvents: [{ event: 'vomiting', severity: 'moderate' }] }),
    ).toEqual({ tolerated: false, severeReaction: false, reasons: ['moderate vomiting'] });
    expect(judgeTolerability({ ...calm, stoppedEarly: true })).toEqual({
      tolerated: false,
      severeReaction: false,
      reasons: ['infusion stopped early'],
    });
  });

  it('treats a vital-sign alert after the dose as not tolerated, naming it', () => {
    expect(
      judgeTolerability({ ...calm, alertsAfterDose: ['Systolic blood pressure 180 mmHg or more'] }),
    ).toEqual({
      tolerated: false,
      severeReaction: false,
      reasons: ['alert: Systolic blood pressure 180 mmHg or more'],
    });
  });

  it('treats a severe event or MOAA/S 0 as a severe reaction', () => {
    expect(
      judgeTolerability({ ...calm, adverseEvents: [{ event: 'hypertension', severity: 'severe' }] }),
    ).toMatchObject({ tolerated: false, severeReaction: true, reasons: ['severe hypertension'] });
    expect(judgeTolerability({ ...calm, lowestMoaas: 0 })).toMatchObject({
      severeReaction: true,
      reasons: ['loss of consciousness (MOAA/S 0)'],
    });
  });

  it('is a clinic policy', () => {
    expect(TOLERABILITY_RULE.clinicPolicy).toBe(true);
  });
});
