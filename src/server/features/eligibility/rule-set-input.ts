import { z } from 'zod';
import {
  MEDICAL_FLAG_LABELS,
  type MedicalFlag,
  SEVERITIES,
  TREATMENT_ROUTES,
} from '../../../domain/eligibility/index.ts';
import { MEDICATION_CLASSES } from '../intake/facts-input.ts';

/** A rule as an admin sends it: the shape of the domain's EligibilityRule; the domain checks the rest. */

const MEDICAL_FLAGS = Object.keys(MEDICAL_FLAG_LABELS) as [MedicalFlag, ...MedicalFlag[]];

const Condition = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('medical-history'), facts: z.array(z.enum(MEDICAL_FLAGS)).max(20) }),
  z.strictObject({ kind: z.literal('hypertension-uncontrolled') }),
  z.strictObject({
    kind: z.literal('baseline-bp-above'),
    systolicMmHg: z.number(),
    diastolicMmHg: z.number(),
  }),
  z.strictObject({
    kind: z.literal('psychosis-or-mania'),
    facts: z.array(z.enum(['activePsychosis', 'activeMania', 'pastPsychosis', 'pastMania'])).max(4),
  }),
  z.strictObject({
    kind: z.literal('substance-use-disorder'),
    substances: z.array(z.enum(['ketamine', 'pcp', 'alcohol', 'cannabis', 'other'])).max(5),
    status: z.enum(['current', 'past']),
  }),
  z.strictObject({ kind: z.literal('medication'), classes: z.array(z.enum(MEDICATION_CLASSES)).max(8) }),
  z.strictObject({
    kind: z.literal('allergy'),
    substances: z.array(z.enum(['ketamine', 'esketamine'])).max(2),
  }),
  z.strictObject({
    kind: z.literal('suicide-risk'),
    levels: z.array(z.enum(['none', 'low', 'moderate', 'high'])).max(4),
  }),
  z.strictObject({
    kind: z.literal('treatment-resistance'),
    minTrials: z.number(),
    expect: z.enum(['met', 'not-met']),
    unlessAcuteSuicidalIdeation: z.boolean().optional(),
  }),
]);

export const RuleInput = z.strictObject({
  id: z.string().max(80),
  title: z.string().max(200),
  severity: z.enum(SEVERITIES as ['exclusion', 'caution', 'info']),
  routes: z.array(z.enum(TREATMENT_ROUTES as ['iv-ketamine', 'esketamine'])).max(2),
  condition: Condition,
  reason: z.string().max(2000),
  evidence: z.array(z.string().max(80)).max(20),
  clinicPolicy: z.boolean().optional(),
});

export const RuleSetRevisionBody = z.strictObject({
  baseVersion: z.number().int().min(1).max(1_000_000),
  rules: z.array(RuleInput).min(1).max(200),
});
