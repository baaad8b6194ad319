import { randomUUID } from 'node:crypto';
import { scorePhq9 } from '../../../domain/instruments/index.ts';
import type { Ctx } from '../../context.ts';
import type { LeadStatus, PatientStatus, SexAtBirth } from '../../db/schema.ts';
import { audit, auditAs } from '../../http/audit.ts';
import { can, ROLES } from '../../http/permissions.ts';
import { AppError } from '../../http/problem.ts';
import { hitRateLimit, type RateLimitRule } from '../../http/rate-limit.ts';
import { findPrimaryOrgId } from '../orgs/store.ts';
import { enqueue } from '../outbox/store.ts';
import { registerPatient } from '../patients/service.ts';
import { readSettings } from '../settings/store.ts';
import { checkFormToken } from './form-token.ts';
import { type CallbackInput, CONSENT_TEXT, crossFieldErrors } from './input.ts';
import { newLeadMessages, urgentLeadPages } from './notify.ts';
import { serverSecret } from './server-secret.ts';
import {
  countSpam,
  findLead,
  insertLead,
  insertLeadEvent,
  type LeadDetail,
  type LeadEvent,
  type LeadSummary,
  leadStaffEmails,
  linkLeadToPatient,
  listLeadEvents,
  listLeadRows,
  spamCounts,
  touchLead,
  updateLeadStatus,
} from './store.ts';

/**
 * Per visitor address: a few honest requests fit easily, a flood does not. A request without a form
 * token (a script calling the API) skips the fill-time check, so it gets a tighter allowance.
 * clinicPolicy: true (spam-defence tuning, not a clinical rule).
 */
export const RATE_PER_IP: RateLimitRule = { max: 10, windowSeconds: 60 * 60 };
export const RATE_WITHOUT_TOKEN: RateLimitRule = { max: 3, windowSeconds: 60 * 60 };

export const FORM_SECRET_NAME = 'callback-form-token';

export type Submitted = { id: string; status: 'new' };

/** Which organisation the public site speaks for. */
export async function publicOrgId(ctx: Ctx): Promise<string> {
  const orgId = await findPrimaryOrgId(ctx.db);
  if (!orgId) throw new AppError('unavailable', 'This site has no clinic set up yet.');
  return orgId;
}

async function throttle(ctx: Ctx, key: string, rule: RateLimitRule): Promise<void> {
  const wait = await hitRateLimit(ctx.db, key, rule, ctx.now);
  if (wait > 0) {
    throw new AppError(
      'too-many-requests',
      `Too many requests from this address; try again in ${Math.ceil(wait / 60)} minutes, or call the clinic.`,
      undefined,
      { 'retry-after': String(wait) },
    );
  }
}

function scoreSelfCheck(answers: number[] | undefined) {
  if (!answers) return null;
  const result = scorePhq9(Object.fromEntries(answers.map((value, i) => [`q${i + 1}`, value])));
  if (!result.ok) {
    throw new AppError('validation-failed', 'The self-check answers could not be scored.', [
      { field: 'body.selfCheck', message: 'Send the nine PHQ-9 answers as numbers from 0 to 3.' },
    ]);
  }
  return result;
}

/**
 * A callback request from the public site. Spam (honeypot filled, or a form sent faster than a
 * person could fill it) gets the same answer as a real request but is only counted, never stored.
 */
export async function submitCallbackRequest(
  ctx: Ctx,
  input: CallbackInput,
  options: { appUrl: string },
): Promise<Submitted> {
  const orgId = await publicOrgId(ctx);
  const ip = ctx.ip ?? 'unknown';
  await throttle(ctx, `callback:ip:${ip}`, RATE_PER_IP);
  if (!input.formToken) await throttle(ctx, `callback:no-token:${ip}`, RATE_WITHOUT_TOKEN);

  const cross = crossFieldErrors(input);
  if (cross.length) throw new AppError('validation-failed', 'Check these fields: body.email.', cross);
  const day = ctx.now.toISOString().slice(0, 10);
  const decoy: Submitted = { id: randomUUID(), status: 'new' };
  if (input.website && input.website.trim() !== '') {
    await countSpam(ctx.db, orgId, day, 'honeypot');
    return decoy;
  }
  if (input.formToken) {
    const check = checkFormToken(await serverSecret(ctx.db, FORM_SECRET_NAME), input.formToken, ctx.now);
    if (check === 'too-fast') {
      await countSpam(ctx.db, orgId, day, 'too-fast');
      return decoy;
    }
    if (check !== 'ok') {
      throw new AppError(
        'validation-failed',
        'The form has expired or was changed; reload the page and send it again.',
        [{ field: 'body.formToken', message: 'The form has expired; reload the page and send it again.' }],
      );
    }
  }
  const score = scoreSelfCheck(input.selfCheck);
  // PHQ-9 item 9 at or above "several days" (kroenke-2001-phq9; the threshold is the instrument's
  // clinicPolicy default): someone who is not yet a patient must hear from a person now.
  const urgent = score?.suicideRisk ?? false;
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertLead(trx, {
      orgId,
      name: input.name,
      phone: input.phone,
      email: input.email,
      bestTime: input.bestTime,
      preferredContact: input.preferredContact,
      message: input.message,
      consentText: CONSENT_TEXT,
      selfCheck: input.selfCheck ?? null,
      selfCheckTotal: score?.total ?? null,
      selfCheckSeverity: score?.severity ?? null,
      urgent,
      urgentReason: urgent ? score?.suicideRiskReasons.join('; ') || 'PHQ-9 item 9 answered above 0' : null,
      now: ctx.now,
    });
    await insertLeadEvent(trx, {
      orgId,
      leadId: id,
      at: ctx.now,
      userId: null,
      kind: 'created',
      toStatus: 'new',
    });
    const staffRoles = ROLES.filter((role) => can([role], 'leads:manage'));
    const staff = await leadStaffEmails(trx, orgId, staffRoles);
    const messages = newLeadMessages(orgId, { id, urgent }, staff, options.appUrl);
    if (urgent) messages.push(...urgentLeadPages(await readSettings(trx, orgId), orgId, id, options.appUrl));
    await enqueue(trx, messages, ctx.now);
    await auditAs(
      trx,
      ctx,
      { orgId },
      {
        action: 'create',
        entityType: 'lead',
        entityId: id,
        details: { urgent, selfCheck: Boolean(input.selfCheck), notices: messages.length },
      },
    );
    return { id, status: 'new' as const };
  });
}

export async function listLeads(
  ctx: Ctx,
  filter: { statuses: LeadStatus[]; limit: number; offset: number },
): Promise<{ items: LeadSummary[]; total: number; spam: { honeypot: number; tooFast: number } }> {
  const since = new Date(ctx.now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const [page, spam] = await Promise.all([
    listLeadRows(ctx.db, ctx.orgId, filter),
    spamCounts(ctx.db, ctx.orgId, since),
  ]);
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'lead-queue',
    details: { count: page.items.length },
  });
  return { ...page, spam };
}

async function leadOrThrow(ctx: Ctx, id: string): Promise<LeadDetail> {
  const lead = await findLead(ctx.db, ctx.orgId, id);
  if (!lead) throw new AppError('not-found', 'No such callback request in this clinic.');
  return lead;
}

export type LeadWithHistory = LeadDetail & { events: LeadEvent[] };

export async function readLead(ctx: Ctx, id: string): Promise<LeadWithHistory> {
  const lead = await leadOrThrow(ctx, id);
  await audit(ctx.db, ctx, { action: 'read', entityType: 'lead', entityId: id });
  return { ...lead, events: await listLeadEvents(ctx.db, ctx.orgId, id) };
}

/** Which moves the queue allows: forward through the work, out to "not a fit" or "closed", and reopen. */
export const STATUS_MOVES: Record<LeadStatus, LeadStatus[]> = {
  new: ['contacted', 'not-a-fit', 'closed'],
  contacted: ['consult-booked', 'not-a-fit', 'closed'],
  'consult-booked': ['contacted', 'not-a-fit', 'closed'],
  'not-a-fit': ['contacted', 'closed'],
  closed: ['contacted'],
};

export async function changeLeadStatus(
  ctx: Ctx,
  id: string,
  input: { from: LeadStatus; to: LeadStatus; note: string | null },
): Promise<LeadWithHistory> {
  const lead = await leadOrThrow(ctx, id);
  if (lead.status !== input.from) {
    throw new AppError(
      'conflict',
      `Someone already moved this request to "${lead.status}"; reload and try again.`,
    );
  }
  if (!STATUS_MOVES[input.from].includes(input.to)) {
    throw new AppError(
      'validation-failed',
      `A request that is "${input.from}" cannot move to "${input.to}".`,
      [{ field: 'body.to', message: `Choose one of: ${STATUS_MOVES[input.from].join(', ')}.` }],
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateLeadStatus(trx, ctx.orgId, id, input.from, input.to, ctx.now))) {
      throw new AppError('conflict', 'Someone else moved this request first; reload and try again.');
    }
    await insertLeadEvent(trx, {
      orgId: ctx.orgId,
      leadId: id,
      at: ctx.now,
      userId: ctx.user?.id ?? null,
      kind: 'status',
      fromStatus: input.from,
      toStatus: input.to,
      note: input.note,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'lead',
      entityId: id,
      details: { from: input.from, to: input.to },
    });
  });
  return readLead(ctx, id);
}

export async function addLeadNote(ctx: Ctx, id: string, note: string): Promise<LeadWithHistory> {
  await leadOrThrow(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await insertLeadEvent(trx, {
      orgId: ctx.orgId,
      leadId: id,
      at: ctx.now,
      userId: ctx.user?.id ?? null,
      kind: 'note',
      note,
    });
    await touchLead(trx, ctx.orgId, id, ctx.now);
    await audit(trx, ctx, { action: 'update', entityType: 'lead', entityId: id, details: { note: true } });
  });
  return readLead(ctx, id);
}

export type ConvertInput = {
  legalGivenName: string;
  legalFamilyName: string;
  dateOfBirth: string;
  sexAtBirth: SexAtBirth;
  status: PatientStatus;
  confirmDuplicate?: boolean | undefined;
};

/**
 * Registers the person in the patient registry through the patients feature (its duplicate warning
 * is a 409 the caller confirms), then links the lead. Two transactions: the registry owns its own;
 * the lead is checked before and linked only if still unlinked.
 */
export async function convertLead(ctx: Ctx, id: string, input: ConvertInput): Promise<LeadWithHistory> {
  if (!ctx.user || !can(ctx.user.roles, 'patients:write')) {
    throw new AppError('forbidden', 'Registering a patient needs the patients:write permission.');
  }
  const lead = await leadOrThrow(ctx, id);
  if (lead.patientId) throw new AppError('conflict', 'This request is already linked to a patient.');
  const patient = await registerPatient(ctx, {
    legalGivenName: input.legalGivenName,
    legalFamilyName: input.legalFamilyName,
    preferredName: null,
    dateOfBirth: input.dateOfBirth,
    sexAtBirth: input.sexAtBirth,
    genderIdentity: null,
    pronouns: null,
    phone: lead.phone,
    email: lead.email,
    addressLine1: null,
    addressLine2: null,
    city: null,
    state: null,
    postalCode: null,
    emergencyContactName: null,
    emergencyContactPhone: null,
    emergencyContactRelationship: null,
    driverName: null,
    driverPhone: null,
    referringClinician: null,
    primaryClinicianId: null,
    status: input.status,
    confirmDuplicate: input.confirmDuplicate,
  });
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await linkLeadToPatient(trx, ctx.orgId, id, patient.id, ctx.now))) {
      throw new AppError('conflict', 'Someone else converted this request first.');
    }
    await insertLeadEvent(trx, {
      orgId: ctx.orgId,
      leadId: id,
      at: ctx.now,
      userId: ctx.user?.id ?? null,
      kind: 'converted',
      patientId: patient.id,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'lead',
      entityId: id,
      patientId: patient.id,
      details: { convertedTo: patient.id },
    });
  });
  return readLead(ctx, id);
}
