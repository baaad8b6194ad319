import { z } from 'zod';
import { DEA_NUMBER_MESSAGES, deaNumberProblem } from '../../domain/ledger/dea-number.ts';
import { PROBLEMS } from './problem.ts';

/** Shared zod pieces for request and response schemas. */
export const Uuid = z.uuid();
export const IdParams = z.strictObject({ id: Uuid });

const PROBLEM_TYPES = Object.keys(PROBLEMS).map((code) => `/problems/${code}`) as [string, ...string[]];

export const ProblemSchema = z
  .object({
    type: z.enum(PROBLEM_TYPES),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    duplicates: z.array(z.object({ id: z.string(), mrn: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address.' }))
  .transform((value) => value.toLowerCase());

export const RoleInput = z.enum(['admin', 'prescriber', 'nurse', 'front_desk', 'therapist', 'patient']);

export const MeSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  orgId: z.uuid(),
  roles: z.array(RoleInput),
  mfaEnrolled: z.boolean(),
  mfaEnrollmentRequired: z.boolean(),
  permissions: z.array(z.string()),
});

/** Standard error responses, so the OpenAPI document lists them on every route. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}

/** Optional free text: trimmed, blank becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const requiredText = (max: number, message: string) => z.string().trim().min(1, message).max(max);

function checkDeaNumber(value: string | null, ctx: z.RefinementCtx): void {
  const problem = value === null ? null : deaNumberProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: DEA_NUMBER_MESSAGES[problem] });
}

/** A DEA registration number: trimmed, upper-cased, format and check digit (domain/ledger/dea-number). */
export const DeaNumber = z.string().trim().toUpperCase().superRefine(checkDeaNumber);

/** The same, optional: blank becomes null, absent stays undefined (so an edit can leave it alone). */
export const optionalDeaNumber = z
  .string()
  .trim()
  .toUpperCase()
  .nullish()
  .transform((v) => (v === undefined ? undefined : v || null))
  .superRefine((v, ctx) => checkDeaNumber(v ?? null, ctx));

export const Phone = z
  .string()
  .trim()
  .regex(/^[+()\d\s.-]{7,40}$/, 'Enter a phone number, for example +1 212 555 0100.');

export const optionalPhone = z
  .union([Phone, z.literal('')])
  .nullish()
  .transform((v) => (v ? v : null));

export const IsoDate = z.iso.date('Use a date like 2026-01-31.');
