import { describe, expect, it } from 'vitest';
import {
  checkPreDoseBloodPressure,
  crossedThresholds,
  DEFAULT_ALERT_THRESHOLDS,
  DEFAULT_PRE_DOSE_GATES,
  implausibleVitals,
} from './vitals.ts';

describe('pre-dose blood pressure gate', () => {
  const gate = DEFAULT_PRE_DOSE_GATES.esketamine;

  it.each([
    [140, 90, false],
    [141, 80, true],
    [120, 91, true],
    [160, 100, true],
    [110, 70, false],
  ])('%i/%i mmHg blocks dosing: %s', (systolicMmHg, diastolicMmHg, blocked) => {
    expect(checkPreDoseBloodPressure({ systolicMmHg, diastolicMmHg }, gate).blocked).toBe(blocked);
  });

  it('names the reading and the threshold in its reason', () => {
    const check = checkPreDoseBloodPressure({ systolicMmHg: 150, diastolicMmHg: 85 }, gate);
    expect(check).toMatchObject({ blocked: true, reason: 'Blood pressure 150/85 mmHg is above 140/90 mmHg' });
  });

  it('blocks when no blood pressure was measured', () => {
    expect(checkPreDoseBloodPressure({ heartRateBpm: 70 }, gate)).toMatchObject({
      blocked: true,
      reason: 'No pre-dose blood pressure has been recorded',
    });
  });

  it('cites the label for esketamine and marks the IV numbers as clinic policy', () => {
    expect(DEFAULT_PRE_DOSE_GATES.esketamine).toMatchObject({ evidence: ['spravato-pi'] });
    expect(DEFAULT_PRE_DOSE_GATES.esketamine.clinicPolicy).toBeUndefined();
    expect(DEFAULT_PRE_DOSE_GATES['iv-ketamine'].clinicPolicy).toBe(true);
  });
});

describe('alert thresholds during monitoring', () => {
  const ids = (vitals: Parameters<typeof crossedThresholds>[0]) => crossedThresholds(vitals).map((t) => t.id);

  it.each([
    [{ systolicMmHg: 179, diastolicMmHg: 109 }, []],
    [{ systolicMmHg: 180, diastolicMmHg: 100 }, ['systolic-high']],
    [{ systolicMmHg: 150, diastolicMmHg: 110 }, ['diastolic-high']],
    [{ spo2Percent: 92 }, []],
    [{ spo2Percent: 91 }, ['spo2-low']],
    [{ heartRateBpm: 130 }, []],
    [{ heartRateBpm: 131 }, ['heart-rate-high']],
    [{ heartRateBpm: 50 }, []],
    [{ heartRateBpm: 49 }, ['heart-rate-low']],
    [
      { systolicMmHg: 200, diastolicMmHg: 120, spo2Percent: 85 },
      ['systolic-high', 'diastolic-high', 'spo2-low'],
    ],
  ])('%j crosses %j', (vitals, expected) => {
    expect(ids(vitals)).toEqual(expected);
  });

  it('marks every default as clinic policy, since the reference gives no in-session values', () => {
    expect(DEFAULT_ALERT_THRESHOLDS.every((t) => t.clinicPolicy === true)).toBe(true);
  });

  it('uses the clinic’s own thresholds when given', () => {
    const custom = [{ ...DEFAULT_ALERT_THRESHOLDS[0], value: 160 }] as typeof DEFAULT_ALERT_THRESHOLDS;
    expect(crossedThresholds({ systolicMmHg: 165 }, custom).map((t) => t.id)).toEqual(['systolic-high']);
  });
});

describe('plausible values', () => {
  it('names the fields a person cannot have', () => {
    expect(
      implausibleVitals({
        systolicMmHg: 1200,
        diastolicMmHg: 80,
        spo2Percent: 101,
        heartRateBpm: Number.NaN,
      }),
    ).toEqual(['systolicMmHg', 'heartRateBpm', 'spo2Percent']);
    expect(implausibleVitals({ systolicMmHg: 120, diastolicMmHg: 80, respiratoryRatePerMin: 14 })).toEqual(
      [],
    );
  });
});
