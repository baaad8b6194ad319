// Typed client for the clinic's treatment-day session policies (/api/v1/settings/sessions,
// docs/session-charting.md). The server sends each policy with its provenance and takes values only.
import type { Comparison, VitalSign } from '../../../src/domain/monitoring/vitals.ts';
import { request } from '../api.ts';

export type TreatmentRoute = 'esketamine' | 'iv-ketamine';
export const TREATMENT_ROUTES: readonly TreatmentRoute[] = ['esketamine', 'iv-ketamine'];

export type PolicyProvenance = { evidence: string[]; clinicPolicy?: boolean; note?: string };
export type SourcedPolicy<T> = PolicyProvenance & { value: T; note: string };

export type PreDoseGateValues = { systolicAboveMmHg: number; diastolicAboveMmHg: number };
export type VitalsScheduleValues = {
  duringInfusionEveryMin: number | null;
  afterDoseEveryMin: number | null;
  checkpointsMin: number[];
  checkpointToleranceMin: number;
};
export type AlertThresholdValues = {
  id: string;
  sign: VitalSign;
  comparison: Comparison;
  value: number;
  text: string;
};
export type ChecklistItemValues = { id: string; text: string };
export type DischargeMethod = 'checklist' | 'modified-aldrete' | 'padss';
export const DISCHARGE_METHODS: readonly DischargeMethod[] = ['checklist', 'modified-aldrete', 'padss'];

export type SessionPolicies = {
  preDoseGates: Record<TreatmentRoute, PreDoseGateValues & PolicyProvenance>;
  bpGateRepeatClears: SourcedPolicy<boolean>;
  vitalsSchedules: Record<TreatmentRoute, VitalsScheduleValues & PolicyProvenance>;
  alertThresholds: (AlertThresholdValues & PolicyProvenance)[];
  vitalsBeforeDischargeWithinMin: SourcedPolicy<number>;
  dischargeChecklist: Record<TreatmentRoute, (ChecklistItemValues & PolicyProvenance)[]>;
  fasting: SourcedPolicy<{ foodHours: number; liquidsMinutes: number }>;
  pregnancyTestRequired: SourcedPolicy<boolean>;
  minutesBetweenDevices: SourcedPolicy<number>;
  lateAfterMinutes: SourcedPolicy<number>;
  cosignRequired: SourcedPolicy<boolean>;
  afterSessionMeasures: SourcedPolicy<{ instruments: string[]; hoursAfter: number }>;
  dischargeMethod: SourcedPolicy<DischargeMethod>;
  wasteOpenVial: SourcedPolicy<boolean>;
};

/** What the PUT takes: every policy's value, without provenance (the server decides that). */
export type SessionPoliciesInput = {
  preDoseGates: Record<TreatmentRoute, PreDoseGateValues>;
  bpGateRepeatClears: boolean;
  vitalsSchedules: Record<TreatmentRoute, VitalsScheduleValues>;
  alertThresholds: AlertThresholdValues[];
  vitalsBeforeDischargeWithinMin: number;
  dischargeChecklist: Record<TreatmentRoute, ChecklistItemValues[]>;
  fasting: { foodHours: number; liquidsMinutes: number };
  pregnancyTestRequired: boolean;
  minutesBetweenDevices: number;
  lateAfterMinutes: number;
  cosignRequired: boolean;
  afterSessionMeasures: { instruments: string[]; hoursAfter: number };
  dischargeMethod: DischargeMethod;
  wasteOpenVial: boolean;
};

export const settingsSessionsApi = {
  get: () => request<SessionPolicies>('GET', '/settings/sessions'),
  update: (body: SessionPoliciesInput) => request<SessionPolicies>('PUT', '/settings/sessions', { body }),
};
