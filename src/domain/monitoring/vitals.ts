import type { TreatmentRoute } from '../eligibility/rules.ts';
import type { Provenance } from '../evidence.ts';

/** One set of vital signs; a value left out was not measured. */
export type Vitals = {
  readonly systolicMmHg?: number;
  readonly diastolicMmHg?: number;
  readonly heartRateBpm?: number;
  readonly spo2Percent?: number;
  readonly respiratoryRatePerMin?: number;
};

export type VitalSign = keyof Vitals;

export const VITAL_SIGN_LABELS: Record<VitalSign, string> = {
  systolicMmHg: 'Systolic blood pressure (mmHg)',
  diastolicMmHg: 'Diastolic blood pressure (mmHg)',
  heartRateBpm: 'Heart rate (beats/min)',
  spo2Percent: 'Oxygen saturation (SpO2 %)',
  respiratoryRatePerMin: 'Respiratory rate (breaths/min)',
};

/** Values a person can have; anything outside is a typing error, not a finding. */
export const PLAUSIBLE_RANGES: Record<VitalSign, { readonly min: number; readonly max: number }> = {
  systolicMmHg: { min: 40, max: 300 },
  diastolicMmHg: { min: 20, max: 200 },
  heartRateBpm: { min: 20, max: 250 },
  spo2Percent: { min: 50, max: 100 },
  respiratoryRatePerMin: { min: 2, max: 60 },
};

/** Fields of a vitals entry that are not plausible, for a problem+json `errors` list. */
export function implausibleVitals(vitals: Vitals): VitalSign[] {
  return (Object.keys(PLAUSIBLE_RANGES) as VitalSign[]).filter((sign) => {
    const value = vitals[sign];
    if (value === undefined) return false;
    const { min, max } = PLAUSIBLE_RANGES[sign];
    return !Number.isFinite(value) || value < min || value > max;
  });
}

/** Blood pressure above which dosing waits for a prescriber's decision. */
export type PreDoseBloodPressureGate = Provenance & {
  readonly systolicAboveMmHg: number;
  readonly diastolicAboveMmHg: number;
  readonly note: string;
};

export const DEFAULT_PRE_DOSE_GATES: Record<TreatmentRoute, PreDoseBloodPressureGate> = {
  esketamine: {
    systolicAboveMmHg: 140,
    diastolicAboveMmHg: 90,
    note: 'The label’s general guide (>140/90 mmHg): weigh benefit against risk before dosing',
    evidence: ['spravato-pi'],
  },
  'iv-ketamine': {
    systolicAboveMmHg: 140,
    diastolicAboveMmHg: 90,
    note: 'The esketamine label’s numbers, used for IV ketamine as a clinic policy',
    evidence: ['spravato-pi'],
    clinicPolicy: true,
  },
};

export type PreDoseCheck =
  | { readonly blocked: false }
  | { readonly blocked: true; readonly reason: string; readonly gate: PreDoseBloodPressureGate };

/**
 * Whether dosing must wait for a prescriber. A missing blood pressure blocks too: the gate cannot
 * be passed by not measuring.
 */
export function checkPreDoseBloodPressure(vitals: Vitals, gate: PreDoseBloodPressureGate): PreDoseCheck {
  const { systolicMmHg: systolic, diastolicMmHg: diastolic } = vitals;
  if (systolic === undefined || diastolic === undefined) {
    return { blocked: true, reason: 'No pre-dose blood pressure has been recorded', gate };
  }
  if (systolic > gate.systolicAboveMmHg || diastolic > gate.diastolicAboveMmHg) {
    return {
      blocked: true,
      reason: `Blood pressure ${systolic}/${diastolic} mmHg is above ${gate.systolicAboveMmHg}/${gate.diastolicAboveMmHg} mmHg`,
      gate,
    };
  }
  return { blocked: false };
}

export type Comparison = 'at-or-above' | 'above' | 'below';

/** A value that raises an alert during monitoring until someone acknowledges it. */
export type VitalsAlertThreshold = Provenance & {
  readonly id: string;
  readonly sign: VitalSign;
  readonly comparison: Comparison;
  readonly value: number;
  readonly text: string;
};

/** The reference gives no in-session alert values: every default here is a clinic policy. */
export const DEFAULT_ALERT_THRESHOLDS: readonly VitalsAlertThreshold[] = [
  {
    id: 'systolic-high',
    sign: 'systolicMmHg',
    comparison: 'at-or-above',
    value: 180,
    text: 'Systolic blood pressure 180 mmHg or more',
    evidence: ['yale-bp-2024'],
    clinicPolicy: true,
  },
  {
    id: 'diastolic-high',
    sign: 'diastolicMmHg',
    comparison: 'at-or-above',
    value: 110,
    text: 'Diastolic blood pressure 110 mmHg or more',
    evidence: ['yale-bp-2024'],
    clinicPolicy: true,
  },
  {
    id: 'spo2-low',
    sign: 'spo2Percent',
    comparison: 'below',
    value: 92,
    text: 'Oxygen saturation below 92 %',
    evidence: ['spravato-rems'],
    clinicPolicy: true,
  },
  {
    id: 'heart-rate-high',
    sign: 'heartRateBpm',
    comparison: 'above',
    value: 130,
    text: 'Heart rate above 130 beats/min',
    evidence: [],
    clinicPolicy: true,
  },
  {
    id: 'heart-rate-low',
    sign: 'heartRateBpm',
    comparison: 'below',
    value: 50,
    text: 'Heart rate below 50 beats/min',
    evidence: [],
    clinicPolicy: true,
  },
];

function crosses(value: number, threshold: VitalsAlertThreshold): boolean {
  switch (threshold.comparison) {
    case 'at-or-above':
      return value >= threshold.value;
    case 'above':
      return value > threshold.value;
    case 'below':
      return value < threshold.value;
  }
}

/** The thresholds one vitals entry crosses, in the order they are listed. */
export function crossedThresholds(
  vitals: Vitals,
  thresholds: readonly VitalsAlertThreshold[] = DEFAULT_ALERT_THRESHOLDS,
): VitalsAlertThreshold[] {
  return thresholds.filter((threshold) => {
    const value = vitals[threshold.sign];
    return value !== undefined && crosses(value, threshold);
  });
}
