import {
  type AdverseEffectItem,
  DEFAULT_REMS_ADVERSE_EFFECTS,
  REMS_FORM_DUE_DAYS,
  remsFormStatus,
} from '../../../domain/rems/monitoring-form.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { formPdf } from '../../pdf/form-pdf.ts';
import { readRemsEnrolment } from '../schedule/service.ts';
import { readSession } from '../sessions/service.ts';
import { buildRemsForm, type RemsForm } from './form.ts';
import {
  type Answers,
  type DashboardFilter,
  findAnswers,
  findSessionRecord,
  findSubmission,
  findUserContact,
  insertSubmission,
  latestAnswersOf,
  listClinicFields,
  listDashboard,
  listSaes,
  previousEsketamineSessions,
  replaceClinicFields,
  type SessionRecord,
  upsertAnswers,
} from './store.ts';

function requireUser(ctx: Ctx): string {
  if (!ctx.user) throw new AppError('unauthenticated', 'Sign in to continue.');
  return ctx.user.id;
}

export function invalid(field: string, message: string): AppError {
  return new AppError('validation-failed', message, [{ field, message }]);
}

/** The session, refused unless it is an esketamine session that was dosed. */
async function esketamineSession(ctx: Ctx, sessionId: string): Promise<SessionRecord> {
  const record = await findSessionRecord(ctx.db, ctx.orgId, sessionId, ctx.now);
  if (!record) throw new AppError('not-found', 'No such treatment session in this clinic.');
  if (record.route !== 'esketamine') {
    throw new AppError(
      'conflict',
      'The REMS Patient Monitoring Form is for esketamine (SPRAVATO) sessions only.',
    );
  }
  if (!record.doseStartedAt) {
    throw new AppError(
      'conflict',
      'No esketamine was given in this session, so there is no monitoring form.',
    );
  }
  return record;
}

function requireSigned(record: SessionRecord): void {
  if (!record.signedAt) {
    throw new AppError('conflict', 'Sign the session note first: the form is prepared from the signed note.');
  }
}

export async function adverseEffectItems(ctx: Ctx): Promise<AdverseEffectItem[]> {
  const own = await listClinicFields(ctx.db, ctx.orgId, 'rems-adverse-effects');
  return own.length
    ? own.map((f) => ({ key: f.key, label: f.label }))
    : DEFAULT_REMS_ADVERSE_EFFECTS.items.map((i) => ({ key: i.key, label: i.label }));
}

export async function readAdverseEffectItems(ctx: Ctx) {
  const own = await listClinicFields(ctx.db, ctx.orgId, 'rems-adverse-effects');
  return {
    items: await adverseEffectItems(ctx),
    clinicDefined: own.length > 0,
    defaults: DEFAULT_REMS_ADVERSE_EFFECTS,
  };
}

/** Replaces the adverse-effect list; an empty list goes back to the defaults. */
export async function setAdverseEffectItems(ctx: Ctx, items: AdverseEffectItem[]) {
  const keys = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (keys.has(item.key)) throw invalid(`body.items.${i}.key`, 'Each item needs its own key.');
    keys.add(item.key);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await replaceClinicFields(
      trx,
      ctx.orgId,
      'rems-adverse-effects',
      items.map((i) => ({ ...i, required: true })),
    );
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'rems_adverse_effect_items',
      entityId: ctx.orgId,
      details: { keys: items.map((i) => i.key) },
    });
  });
  return readAdverseEffectItems(ctx);
}

async function assembleForm(ctx: Ctx, record: SessionRecord): Promise<RemsForm> {
  const view = await readSession(ctx, record.id);
  const earlier = await previousEsketamineSessions(
    ctx.db,
    ctx.orgId,
    record.patientId,
    record.doseStartedAt as Date,
  );
  const [provider, enrolment, own, previous, items, saes, submission] = await Promise.all([
    record.signedBy ? findUserContact(ctx.db, ctx.orgId, record.signedBy) : undefined,
    readRemsEnrolment(ctx, record.patientId),
    findAnswers(ctx.db, ctx.orgId, record.id),
    latestAnswersOf(
      ctx.db,
      ctx.orgId,
      earlier.map((s) => s.id),
    ),
    adverseEffectItems(ctx),
    listSaes(ctx.db, ctx.orgId, { sessionId: record.id }),
    findSubmission(ctx.db, ctx.orgId, record.id),
  ]);
  return buildRemsForm({
    record,
    view,
    provider: provider ? { name: provider.name, email: provider.email } : null,
    enrolment: enrolment ? { enrolledAt: enrolment.enrolledAt, reference: enrolment.reference } : null,
    firstTreatment: earlier.length === 0,
    answers: own?.answers ?? {},
    previous: previous ?? null,
    adverseEffectItems: items,
    seriousAdverseEvents: saes.map((s) => ({ id: s.id, eventDate: s.eventDate, outcomes: s.outcomes })),
    submission,
  });
}

export async function readRemsForm(ctx: Ctx, sessionId: string): Promise<RemsForm> {
  const record = await esketamineSession(ctx, sessionId);
  requireSigned(record);
  const form = await assembleForm(ctx, record);
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'rems_form',
    entityId: sessionId,
    patientId: record.patientId,
  });
  return form;
}

export async function remsFormPdf(ctx: Ctx, sessionId: string): Promise<{ pdf: Uint8Array; name: string }> {
  const record = await esketamineSession(ctx, sessionId);
  requireSigned(record);
  const form = await assembleForm(ctx, record);
  const pdf = await formPdf({
    title: 'SPRAVATO REMS Patient Monitoring Form (prepared copy)',
    subtitle: `Treatment date ${record.treatmentDate} · due by ${form.dueBy} · status ${form.status}${form.submission ? ` (${form.submission.submittedByName}, ${form.submission.submittedAt.slice(0, 10)}${form.submission.confirmationNumber ? `, confirmation ${form.submission.confirmationNumber}` : ''})` : ''}`,
    notice: `${form.notice} Fields marked * are required; values marked (previous form) must be confirmed.${form.missing.length ? ` Still missing: ${form.missing.length}.` : ''}`,
    sections: form.sections.map((s) => ({
      title: s.title,
      ...(s.note ? { note: s.note } : {}),
      rows: s.fields.map((f) => ({
        label: f.label,
        mark: f.required ? '* ' : '',
        value: `${f.value ?? (f.required ? 'MISSING' : '')}${f.source === 'previous-session' ? ' (previous form)' : ''}${f.detail ? ` — ${f.detail}` : ''}`,
      })),
    })),
    footer: `Ketaflow · generated ${ctx.now.toISOString()} · session ${sessionId}`,
  });
  await audit(ctx.db, ctx, {
    action: 'print',
    entityType: 'rems_form',
    entityId: sessionId,
    patientId: record.patientId,
  });
  return { pdf, name: `rems-monitoring-form-${record.treatmentDate}.pdf` };
}

export type RemsAnswersInput = {
  concomitant?: Partial<Record<string, 'yes' | 'no'>> | undefined;
  providerPhone?: string | null | undefined;
  minutesUntilReadyToLeave?: number | null | undefined;
  adverseEffects?: Record<string, 'yes' | 'no'> | undefined;
};

/** Saves what staff answer on the form; merged over earlier answers, refused once submitted. */
export async function saveRemsAnswers(
  ctx: Ctx,
  sessionId: string,
  input: RemsAnswersInput,
): Promise<RemsForm> {
  const userId = requireUser(ctx);
  const record = await esketamineSession(ctx, sessionId);
  requireSigned(record);
  const items = await adverseEffectItems(ctx);
  for (const key of Object.keys(input.adverseEffects ?? {})) {
    if (!items.some((i) => i.key === key))
      throw invalid(`body.adverseEffects.${key}`, 'Not an item of the form.');
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (await findSubmission(trx, ctx.orgId, sessionId)) {
      throw new AppError('conflict', 'The form is marked submitted; its answers can no longer change.');
    }
    const before = (await findAnswers(trx, ctx.orgId, sessionId))?.answers ?? {};
    const merged: Answers = {
      ...before,
      concomitant: { ...((before.concomitant as Answers) ?? {}), ...(input.concomitant ?? {}) },
      adverseEffects: { ...((before.adverseEffects as Answers) ?? {}), ...(input.adverseEffects ?? {}) },
    };
    if (input.providerPhone !== undefined) merged.providerPhone = input.providerPhone;
    if (input.minutesUntilReadyToLeave !== undefined)
      merged.minutesUntilReadyToLeave = input.minutesUntilReadyToLeave;
    await upsertAnswers(trx, {
      orgId: ctx.orgId,
      sessionId,
      patientId: record.patientId,
      answers: merged,
      by: userId,
      at: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'rems_form',
      entityId: sessionId,
      patientId: record.patientId,
      details: { fields: Object.keys(input) },
    });
  });
  return assembleForm(ctx, record);
}

/**
 * Records that staff submitted the form (online or by fax) — Ketaflow never submits it — with who,
 * when and the confirmation number, and keeps the form as it stood. Once per session (409 after).
 */
export async function markRemsFormSubmitted(
  ctx: Ctx,
  sessionId: string,
  input: { submittedAt?: string | undefined; confirmationNumber?: string | null | undefined },
): Promise<RemsForm> {
  const userId = requireUser(ctx);
  const record = await esketamineSession(ctx, sessionId);
  requireSigned(record);
  const submittedAt = input.submittedAt ? new Date(input.submittedAt) : ctx.now;
  if (submittedAt.getTime() > ctx.now.getTime() + 2 * 60_000) {
    throw invalid('body.submittedAt', 'The submission time is in the future.');
  }
  if (submittedAt < (record.signedAt as Date)) {
    throw invalid('body.submittedAt', 'The form cannot have been submitted before the note was signed.');
  }
  if (await findSubmission(ctx.db, ctx.orgId, sessionId)) {
    throw new AppError('conflict', 'The form is already marked submitted.');
  }
  const form = await assembleForm(ctx, record);
  const user = await findUserContact(ctx.db, ctx.orgId, userId);
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertSubmission(trx, {
      orgId: ctx.orgId,
      sessionId,
      patientId: record.patientId,
      submittedAt,
      by: userId,
      byName: user?.name ?? '',
      confirmationNumber: input.confirmationNumber ?? null,
      form,
      at: ctx.now,
    });
    if (!inserted) throw new AppError('conflict', 'The form is already marked submitted.');
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'rems_form_submission',
      entityId: sessionId,
      patientId: record.patientId,
      details: { missing: form.missing.length },
    });
  });
  return assembleForm(ctx, record);
}

export type RemsDashboardItem = {
  sessionId: string;
  patient: { id: string; name: string; mrn: string };
  location: { id: string; name: string };
  treatmentDate: string;
  dueBy: string;
  status: 'due' | 'overdue' | 'submitted';
  daysLeft: number;
  noteSigned: boolean;
  submission: { submittedAt: string; submittedByName: string; confirmationNumber: string | null } | null;
};

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Every dosed esketamine session's form: due by the session day + 7, its status; each patient audited. */
export async function listRemsForms(ctx: Ctx, filter: DashboardFilter) {
  const rows = await listDashboard(ctx.db, ctx.orgId, filter, REMS_FORM_DUE_DAYS.value, ctx.now);
  await audit(
    ctx.db,
    ctx,
    ...rows.map((r) => ({
      action: 'read' as const,
      entityType: 'rems_form',
      entityId: r.sessionId,
      patientId: r.patientId,
      details: { via: 'rems-dashboard' },
    })),
  );
  const forms: RemsDashboardItem[] = rows.map((r) => ({
    sessionId: r.sessionId,
    patient: { id: r.patientId, name: r.patientName, mrn: r.mrn },
    location: { id: r.locationId, name: r.locationName },
    treatmentDate: r.treatmentDate,
    dueBy: r.dueBy,
    status: remsFormStatus(r.dueBy, r.todayLocal, r.submittedAt !== null),
    daysLeft: daysBetween(r.todayLocal, r.dueBy),
    noteSigned: r.signed,
    submission: r.submittedAt
      ? {
          submittedAt: r.submittedAt.toISOString(),
          submittedByName: r.submittedByName ?? '',
          confirmationNumber: r.confirmationNumber,
        }
      : null,
  }));
  return { forms, dueDays: REMS_FORM_DUE_DAYS };
}
