import { z } from 'zod';
import type { TreatmentRoute } from '../../../domain/eligibility/rules.ts';
import type { EvidenceId, Provenance } from '../../../domain/evidence.ts';
import {
  DEFAULT_AFTER_SESSION_MEASURES,
  DEFAULT_ALERT_THRESHOLDS,
  DEFAULT_PRE_DOSE_GATES,
  DEFAULT_VITALS_SCHEDULES,
  DISCHARGE_METHODS,
  type DischargeMethod,
  type PreDoseBloodPressureGate,
  VITALS_BEFORE_DISCHARGE,
  type VitalsAlertThreshold,
  type VitalsSchedule,
} from '../../../domain/monitoring/index.ts';
import type { ProtocolItem } from '../../../domain/protocols/types.ts';
import type { Ctx, Executor } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { selfReportInstrumentOrThrow } from '../measures/service.ts';
import { readSettings } from './store.ts';

/**
 * The clinic's treatment-day policies. Every default is cited or marked clinic policy; a value an
 * admin changes becomes clinic policy (it no longer rests on the source).
 */
export type Sourced<T> = Provenance & { value: T; note: string };

export type SessionPolicies = {
  preDoseGates: Record<TreatmentRoute, PreDoseBloodPressureGate>;
  /**
   * Whether a later pre-dose reading within the gate clears a hold an earlier one put on; when not,
   * a prescriber decides once any reading was above it.
   */
  bpGateRepeatClears: Sourced<boolean>;
  vitalsSchedules: Record<TreatmentRoute, VitalsSchedule>;
  alertThresholds: VitalsAlertThreshold[];
  vitalsBeforeDischargeWithinMin: Sourced<number>;
  /** Extra discharge items per route, on top of the protocol phase's own criteria. */
  dischargeChecklist: Record<TreatmentRoute, ProtocolItem[]>;
  fasting: Sourced<{ foodHours: number; liquidsMinutes: number }>;
  pregnancyTestRequired: Sourced<boolean>;
  minutesBetweenDevices: Sourced<number>;
  lateAfterMinutes: Sourced<number>;
  cosignRequired: Sourced<boolean>;
  /** Questionnaires sent after the session, and how many hours after the discharge. */
  afterSessionMeasures: Sourced<{ instruments: string[]; hoursAfter: number }>;
  /** The clinic's own checklist, or a modified Aldrete or PADSS score instead of its items. */
  dischargeMethod: Sourced<DischargeMethod>;
  /** Whether what a dose leaves in an opened vial is wasted, witnessed, before the note is signed. */
  wasteOpenVial: Sourced<boolean>;
};

export const DEFAULT_SESSION_POLICIES: SessionPolicies = {
  preDoseGates: DEFAULT_PRE_DOSE_GATES,
  bpGateRepeatClears: {
    value: false,
    evidence: [],
    clinicPolicy: true,
    note: 'Off: once a pre-dose blood pressure is above the gate, a prescriber decides, however low a repeat reading is, so the hold cannot be measured away. The label gives >140/90 mmHg as a general guide for the prescriber to weigh (spravato-pi); no source says whether a repeat reading clears it',
  },
  vitalsSchedules: DEFAULT_VITALS_SCHEDULES,
  alertThresholds: [...DEFAULT_ALERT_THRESHOLDS],
  vitalsBeforeDischargeWithinMin: {
    value: VITALS_BEFORE_DISCHARGE.withinMin,
    evidence: VITALS_BEFORE_DISCHARGE.evidence,
    clinicPolicy: true,
    note: 'The label and the REMS form ask for vital signs before discharge; how recent is clinic policy',
  },
  dischargeChecklist: { esketamine: [], 'iv-ketamine': [] },
  fasting: {
    value: { foodHours: 2, liquidsMinutes: 30 },
    evidence: ['spravato-pi'],
    clinicPolicy: true,
    note: 'Esketamine: no food for 2 h and no liquids for 30 min before dosing; the reference has this only from secondary summaries of the label ([2nd]), so it is a clinic-policy default',
  },
  pregnancyTestRequired: {
    value: false,
    evidence: [],
    clinicPolicy: true,
    note: 'Whether a pregnancy test is recorded at check-in for patients who could be pregnant; no source in the reference',
  },
  minutesBetweenDevices: {
    value: 5,
    evidence: ['spravato-pi'],
    clinicPolicy: true,
    note: 'Esketamine: 5-minute rest after each device (the label, through a secondary summary [2nd])',
  },
  lateAfterMinutes: {
    value: 5,
    evidence: [],
    clinicPolicy: true,
    note: 'An entry that reaches the server this long after it was made is marked as arriving late',
  },
  cosignRequired: {
    value: false,
    evidence: [],
    clinicPolicy: true,
    note: 'Whether a prescriber co-signs every session note',
  },
  afterSessionMeasures: {
    value: {
      instruments: [...DEFAULT_AFTER_SESSION_MEASURES.instruments],
      hoursAfter: DEFAULT_AFTER_SESSION_MEASURES.hoursAfter,
    },
    evidence: DEFAULT_AFTER_SESSION_MEASURES.evidence,
    clinicPolicy: true,
    note: 'A PHQ-9 link the day after the session. No source sets when to measure after a session; for context, the trials pooled in han-2016-meta report response at 24 h, and the PHQ-9 asks about the last 2 weeks (kroenke-2001-phq9)',
  },
  dischargeMethod: {
    value: 'checklist',
    evidence: [],
    clinicPolicy: true,
    note: 'The clinic’s discharge checklist, or a modified Aldrete or PADSS score (each item 0-2, at least 9 of 10) instead of its items; no source ties either score to ketamine for depression',
  },
  wasteOpenVial: {
    value: true,
    evidence: [],
    clinicPolicy: true,
    note: 'What the dose leaves in the vial it opened is wasted in front of a witness before the note is signed (one vial, one patient). Ketamine vials are often multi-dose: a clinic that keeps opened vials in stock turns this off, and the remainder stays in the ledger balance. Unopened esketamine devices are never waste',
  },
};

const PositiveMin = z.number().int().min(1).max(600);
const Mmhg = z.number().int().min(60).max(250);

const GateInput = z.strictObject({ systolicAboveMmHg: Mmhg, diastolicAboveMmHg: Mmhg });
const ScheduleInput = z.strictObject({
  duringInfusionEveryMin: PositiveMin.nullable(),
  afterDoseEveryMin: PositiveMin.nullable(),
  checkpointsMin: z.array(PositiveMin).max(10),
  checkpointToleranceMin: z.number().int().min(0).max(60),
});
const ThresholdInput = z.strictObject({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/, 'Use lower-case letters, digits and hyphens.'),
  sign: z.enum(['systolicMmHg', 'diastolicMmHg', 'heartRateBpm', 'spo2Percent', 'respiratoryRatePerMin']),
  comparison: z.enum(['at-or-above', 'above', 'below']),
  value: z.number().min(0).max(300),
  text: z.string().trim().min(1).max(200),
});
const ChecklistItemInput = z.strictObject({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,60}$/, 'Use lower-case letters, digits and hyphens.'),
  text: z.string().trim().min(1).max(300),
});

/** What an admin sends: the values only; provenance follows from whether they match the defaults. */
export const SessionPoliciesBody = z.strictObject({
  preDoseGates: z.strictObject({ esketamine: GateInput, 'iv-ketamine': GateInput }),
  bpGateRepeatClears: z.boolean().optional(),
  vitalsSchedules: z.strictObject({ esketamine: ScheduleInput, 'iv-ketamine': ScheduleInput }),
  alertThresholds: z.array(ThresholdInput).max(30),
  vitalsBeforeDischargeWithinMin: z.number().int().min(1).max(120),
  dischargeChecklist: z.strictObject({
    esketamine: z.array(ChecklistItemInput).max(20),
    'iv-ketamine': z.array(ChecklistItemInput).max(20),
  }),
  fasting: z.strictObject({
    foodHours: z.number().min(0).max(24),
    liquidsMinutes: z.number().int().min(0).max(720),
  }),
  pregnancyTestRequired: z.boolean(),
  minutesBetweenDevices: z.number().int().min(0).max(60),
  lateAfterMinutes: z.number().int().min(1).max(1440),
  cosignRequired: z.boolean(),
  // Optional so a client that does not know them yet keeps what the clinic chose (see below).
  afterSessionMeasures: z
    .strictObject({
      instruments: z.array(z.string().trim().min(1).max(40)).max(5),
      hoursAfter: z
        .number()
        .int()
        .min(0)
        .max(24 * 14),
    })
    .optional(),
  dischargeMethod: z.enum(DISCHARGE_METHODS as [DischargeMethod, ...DischargeMethod[]]).optional(),
  wasteOpenVial: z.boolean().optional(),
});
export type SessionPoliciesInput = z.infer<typeof SessionPoliciesBody>;

const ProvenanceSchema = {
  evidence: z.array(z.string()).readonly(),
  clinicPolicy: z.boolean().optional(),
  note: z.string().optional(),
};
const sourcedSchema = <T extends z.ZodType>(value: T) => z.object({ value, ...ProvenanceSchema });

export const SessionPoliciesSchema = z.object({
  preDoseGates: z.record(
    z.string(),
    z.object({ systolicAboveMmHg: z.number(), diastolicAboveMmHg: z.number(), ...ProvenanceSchema }),
  ),
  bpGateRepeatClears: sourcedSchema(z.boolean()),
  vitalsSchedules: z.record(
    z.string(),
    z.object({
      duringInfusionEveryMin: z.number().nullable(),
      afterDoseEveryMin: z.number().nullable(),
      checkpointsMin: z.array(z.number()).readonly(),
      checkpointToleranceMin: z.number(),
      ...ProvenanceSchema,
    }),
  ),
  alertThresholds: z
    .array(
      z.object({
        id: z.string(),
        sign: z.string(),
        comparison: z.string(),
        value: z.number(),
        text: z.string(),
        ...ProvenanceSchema,
      }),
    )
    .readonly(),
  vitalsBeforeDischargeWithinMin: sourcedSchema(z.number()),
  dischargeChecklist: z.record(
    z.string(),
    z.array(z.object({ id: z.string(), text: z.string(), ...ProvenanceSchema })).readonly(),
  ),
  fasting: sourcedSchema(z.object({ foodHours: z.number(), liquidsMinutes: z.number() })),
  pregnancyTestRequired: sourcedSchema(z.boolean()),
  minutesBetweenDevices: sourcedSchema(z.number()),
  lateAfterMinutes: sourcedSchema(z.number()),
  cosignRequired: sourcedSchema(z.boolean()),
  afterSessionMeasures: sourcedSchema(z.object({ instruments: z.array(z.string()), hoursAfter: z.number() })),
  dischargeMethod: sourcedSchema(z.enum(DISCHARGE_METHODS as [DischargeMethod, ...DischargeMethod[]])),
  wasteOpenVial: sourcedSchema(z.boolean()),
});

const EDITED = { evidence: [] as EvidenceId[], clinicPolicy: true as const, note: 'Set by the clinic' };

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sourced<T>(value: T, fallback: Sourced<T>): Sourced<T> {
  return sameJson(value, fallback.value) ? fallback : { value, ...EDITED };
}

/** The stored values laid over the defaults; anything that differs from a default is clinic policy. */
export function resolveSessionPolicies(stored: SessionPoliciesInput | null): SessionPolicies {
  const d = DEFAULT_SESSION_POLICIES;
  if (!stored) return d;
  const gate = (route: TreatmentRoute): PreDoseBloodPressureGate => {
    const def = d.preDoseGates[route];
    const value = stored.preDoseGates[route];
    return value.systolicAboveMmHg === def.systolicAboveMmHg &&
      value.diastolicAboveMmHg === def.diastolicAboveMmHg
      ? def
      : { ...value, ...EDITED };
  };
  const schedule = (route: TreatmentRoute): VitalsSchedule => {
    const def = d.vitalsSchedules[route];
    const value = stored.vitalsSchedules[route];
    const { evidence: _e, clinicPolicy: _c, note: _n, ...defValues } = def;
    return sameJson(value, defValues) ? def : { ...value, ...EDITED };
  };
  const thresholds = stored.alertThresholds.map((t): VitalsAlertThreshold => {
    const def = d.alertThresholds.find((x) => x.id === t.id);
    if (def) {
      const { evidence: _e, clinicPolicy: _c, ...defValues } = def;
      if (sameJson(t, defValues)) return def;
    }
    return { ...t, evidence: [], clinicPolicy: true };
  });
  const checklist = (route: TreatmentRoute): ProtocolItem[] =>
    stored.dischargeChecklist[route].map((item) => ({ ...item, evidence: [], clinicPolicy: true }));
  return {
    preDoseGates: { esketamine: gate('esketamine'), 'iv-ketamine': gate('iv-ketamine') },
    bpGateRepeatClears: sourced(
      stored.bpGateRepeatClears ?? d.bpGateRepeatClears.value,
      d.bpGateRepeatClears,
    ),
    vitalsSchedules: { esketamine: schedule('esketamine'), 'iv-ketamine': schedule('iv-ketamine') },
    alertThresholds: thresholds,
    vitalsBeforeDischargeWithinMin: sourced(
      stored.vitalsBeforeDischargeWithinMin,
      d.vitalsBeforeDischargeWithinMin,
    ),
    dischargeChecklist: { esketamine: checklist('esketamine'), 'iv-ketamine': checklist('iv-ketamine') },
    fasting: sourced(stored.fasting, d.fasting),
    pregnancyTestRequired: sourced(stored.pregnancyTestRequired, d.pregnancyTestRequired),
    minutesBetweenDevices: sourced(stored.minutesBetweenDevices, d.minutesBetweenDevices),
    lateAfterMinutes: sourced(stored.lateAfterMinutes, d.lateAfterMinutes),
    cosignRequired: sourced(stored.cosignRequired, d.cosignRequired),
    afterSessionMeasures: sourced(
      stored.afterSessionMeasures ?? d.afterSessionMeasures.value,
      d.afterSessionMeasures,
    ),
    dischargeMethod: sourced(stored.dischargeMethod ?? d.dischargeMethod.value, d.dischargeMethod),
    wasteOpenVial: sourced(stored.wasteOpenVial ?? d.wasteOpenVial.value, d.wasteOpenVial),
  };
}

/**
 * The policies a session was judged by. Sessions checked in before a policy existed carry a copy
 * without it; the default fills the gap.
 */
export function sessionPoliciesOf(copied: unknown): SessionPolicies {
  return { ...DEFAULT_SESSION_POLICIES, ...(copied as Partial<SessionPolicies>) };
}

async function readStoredPolicies(db: Executor, orgId: string): Promise<SessionPoliciesInput | null> {
  await readSettings(db, orgId);
  const row = await db
    .selectFrom('org_settings')
    .select('session_policies')
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  const parsed = SessionPoliciesBody.safeParse(row.session_policies);
  return parsed.success ? parsed.data : null;
}

export async function readSessionPolicies(db: Executor, orgId: string): Promise<SessionPolicies> {
  return resolveSessionPolicies(await readStoredPolicies(db, orgId));
}

export async function updateSessionPolicies(ctx: Ctx, input: SessionPoliciesInput): Promise<SessionPolicies> {
  const ids = input.alertThresholds.map((t) => t.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) {
    throw new AppError('validation-failed', `Two alert thresholds are named "${duplicate}".`, [
      { field: 'body.alertThresholds', message: `The id "${duplicate}" is used twice.` },
    ]);
  }
  for (const [i, id] of (input.afterSessionMeasures?.instruments ?? []).entries()) {
    await selfReportInstrumentOrThrow(ctx.db, ctx.orgId, id, `body.afterSessionMeasures.instruments.${i}`);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const before = await readSessionPolicies(trx, ctx.orgId);
    const stored = await readStoredPolicies(trx, ctx.orgId);
    // A client that leaves out a newer policy keeps the clinic's choice rather than the default.
    const merged: SessionPoliciesInput = { ...input };
    const kept = input.afterSessionMeasures ?? stored?.afterSessionMeasures;
    if (kept) merged.afterSessionMeasures = kept;
    const method = input.dischargeMethod ?? stored?.dischargeMethod;
    if (method) merged.dischargeMethod = method;
    const repeatClears = input.bpGateRepeatClears ?? stored?.bpGateRepeatClears;
    if (repeatClears !== undefined) merged.bpGateRepeatClears = repeatClears;
    await trx
      .updateTable('org_settings')
      .set({ session_policies: JSON.stringify(merged), updated_at: ctx.now })
      .where('org_id', '=', ctx.orgId)
      .execute();
    const after = resolveSessionPolicies(merged);
    const changed = (Object.keys(after) as (keyof SessionPolicies)[]).filter(
      (key) => !sameJson(before[key], after[key]),
    );
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'org_session_policies',
      entityId: ctx.orgId,
      details: { changed },
    });
    return after;
  });
}
