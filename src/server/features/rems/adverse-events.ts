import {
  ageOn,
  BUILT_IN_MEDWATCH_FIELDS,
  type ChallengeAnswer,
  initials,
  MEDWATCH_FORM,
  type MedwatchField,
  SAE_OUTCOME_LABELS,
  type SaeOutcome,
} from '../../../domain/rems/medwatch.ts';
import { sexOnForm } from '../../../domain/rems/monitoring-form.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import { formPdf } from '../../pdf/form-pdf.ts';
import { csvCell } from '../audit/service.ts';
import { readSession } from '../sessions/service.ts';
import { invalid } from './forms.ts';
import {
  findSessionRecord,
  findUserContact,
  insertSae,
  listClinicFields,
  listSaes,
  patientLabels,
  replaceClinicFields,
  type SaeFilter,
  type SaeRow,
} from './store.ts';

export async function medwatchForm(
  ctx: Ctx,
): Promise<{ fields: MedwatchField[]; provenance: typeof MEDWATCH_FORM }> {
  const extra = await listClinicFields(ctx.db, ctx.orgId, 'medwatch-3500');
  return {
    fields: [
      ...BUILT_IN_MEDWATCH_FIELDS,
      ...extra.map((f) => ({ ...f, section: 'clinic' as const, builtIn: false, fromRecord: false })),
    ],
    provenance: MEDWATCH_FORM,
  };
}

/** The clinic's own questions, added after the built-in MedWatch fields (as with DEA Form 106). */
export async function setMedwatchFields(
  ctx: Ctx,
  fields: { key: string; label: string; required: boolean }[],
) {
  const keys = new Set<string>(BUILT_IN_MEDWATCH_FIELDS.map((f) => f.key));
  for (const [i, field] of fields.entries()) {
    if (keys.has(field.key)) throw invalid(`body.fields.${i}.key`, 'Each question needs its own key.');
    keys.add(field.key);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await replaceClinicFields(trx, ctx.orgId, 'medwatch-3500', fields);
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'medwatch_fields',
      entityId: ctx.orgId,
      details: { keys: fields.map((f) => f.key) },
    });
  });
  return medwatchForm(ctx);
}

export type SaeInput = {
  eventDate: string;
  description: string;
  outcomes: SaeOutcome[];
  relevantTests?: string | null | undefined;
  weightKg?: number | undefined;
  strength?: string | null | undefined;
  dose?: string | null | undefined;
  frequency?: string | null | undefined;
  therapyStartDate?: string | undefined;
  therapyEndDate?: string | undefined;
  reasonForUse?: string | null | undefined;
  abatedOnStop: ChallengeAnswer;
  reappearedOnRestart: ChallengeAnswer;
  otherProducts?: string | null | undefined;
  reporterPhone?: string | null | undefined;
  extra?: Record<string, string> | undefined;
};

export type SaeField = { key: string; label: string; section: string; value: string };

export type SaeView = {
  id: string;
  sessionId: string;
  patient: { id: string; name: string; mrn: string };
  eventDate: string;
  outcomes: string[];
  fields: SaeField[];
  recordedBy: string;
  recordedByName: string;
  recordedAt: string;
  evidence: string[];
};

const CHALLENGE_LABELS: Record<ChallengeAnswer, string> = {
  yes: 'Yes',
  no: 'No',
  unknown: 'Unknown',
  'not-applicable': 'Does not apply',
};

const PRODUCT: Record<'iv-ketamine' | 'esketamine', { route: string; strength: string | null }> = {
  esketamine: { route: 'Nasal', strength: '28 mg per device' },
  'iv-ketamine': { route: 'Intravenous', strength: null },
};

/**
 * Records a serious adverse event with the MedWatch 3500 fields, linked to a session and its patient.
 * Patient, product and reporter facts come from the records; the rest is entered. Every problem is
 * reported at once (400 naming each field) and nothing is written.
 */
export async function recordSeriousAdverseEvent(
  ctx: Ctx,
  sessionId: string,
  input: SaeInput,
): Promise<SaeView> {
  if (!ctx.user) throw new AppError('unauthenticated', 'Sign in to continue.');
  const record = await findSessionRecord(ctx.db, ctx.orgId, sessionId, ctx.now);
  if (!record) throw new AppError('not-found', 'No such treatment session in this clinic.');
  const view = await readSession(ctx, sessionId);
  const { fields } = await medwatchForm(ctx);
  const admin = view.administration;
  const product = PRODUCT[record.route];
  const problems: FieldError[] = [];
  if (input.eventDate > record.todayLocal) {
    problems.push({ field: 'body.eventDate', message: 'The event date cannot be in the future.' });
  }
  if (input.eventDate < record.treatmentDate) {
    problems.push({
      field: 'body.eventDate',
      message: `The event cannot be before the session it is linked to (${record.treatmentDate}).`,
    });
  }
  if (input.therapyStartDate && input.therapyEndDate && input.therapyEndDate < input.therapyStartDate) {
    problems.push({ field: 'body.therapyEndDate', message: 'The therapy end date is before its start.' });
  }
  const strength = input.strength ?? product.strength;
  if (!strength)
    problems.push({ field: 'body.strength', message: 'Give the strength of the product given.' });
  const dose = input.dose ?? (admin ? `${admin.doseMg} mg` : null);
  if (!dose)
    problems.push({ field: 'body.dose', message: 'No dose was charted in this session: give the dose.' });
  const extra = input.extra ?? {};
  const clinicFields = fields.filter((f) => !f.builtIn);
  for (const key of Object.keys(extra)) {
    if (!clinicFields.some((f) => f.key === key))
      problems.push({ field: `body.extra.${key}`, message: 'Unknown question.' });
  }
  for (const f of clinicFields) {
    if (f.required && !extra[f.key]?.trim())
      problems.push({ field: `body.extra.${f.key}`, message: `Answer: ${f.label}.` });
  }
  if (problems.length) {
    throw new AppError('validation-failed', problems.map((p) => p.message).join(' '), problems);
  }
  const reporter = await findUserContact(ctx.db, ctx.orgId, ctx.user.id);
  const loc = record.location;
  const values: Record<string, string> = {
    patientIdentifier: initials(record.givenName, record.familyName),
    age: `${ageOn(record.dateOfBirth, input.eventDate)} years`,
    sex: sexOnForm(record.sexAtBirth),
    weightKg: input.weightKg === undefined ? '' : String(input.weightKg),
    description: input.description,
    eventDate: input.eventDate,
    outcomes: input.outcomes.map((o) => SAE_OUTCOME_LABELS[o]).join('; '),
    relevantTests: input.relevantTests ?? '',
    productName:
      admin?.drug ?? (record.route === 'esketamine' ? 'Esketamine nasal spray (SPRAVATO)' : 'Ketamine'),
    strength: strength ?? '',
    lotNumber: admin?.lotNumber ?? '',
    dose: dose ?? '',
    route: product.route,
    frequency: input.frequency ?? '',
    therapyDates: [input.therapyStartDate ?? record.treatmentDate, input.therapyEndDate ?? '']
      .filter(Boolean)
      .join(' to '),
    reasonForUse: input.reasonForUse ?? '',
    abatedOnStop: CHALLENGE_LABELS[input.abatedOnStop],
    reappearedOnRestart: CHALLENGE_LABELS[input.reappearedOnRestart],
    otherProducts: input.otherProducts ?? '',
    reporter: [
      reporter?.name,
      [loc.name, loc.addressLine1, loc.addressLine2, `${loc.city}, ${loc.state} ${loc.postalCode}`]
        .filter(Boolean)
        .join(', '),
      input.reporterPhone ?? loc.phone,
      reporter?.email,
    ]
      .filter(Boolean)
      .join(' · '),
    ...extra,
  };
  const report = fields.map((f) => ({
    key: f.key,
    label: f.label,
    section: f.section,
    value: values[f.key] ?? '',
  }));
  const id = await ctx.db.transaction().execute(async (trx) => {
    const saeId = await insertSae(trx, {
      orgId: ctx.orgId,
      sessionId,
      patientId: record.patientId,
      eventDate: input.eventDate,
      outcomes: input.outcomes,
      report: { fields: report },
      recordedBy: ctx.user?.id as string,
      recordedByName: reporter?.name ?? '',
      recordedAt: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'serious_adverse_event',
      entityId: saeId,
      patientId: record.patientId,
      details: { sessionId, outcomes: input.outcomes },
    });
    return saeId;
  });
  const [row] = await listSaes(ctx.db, ctx.orgId, { id });
  return (await views(ctx, [row as SaeRow]))[0] as SaeView;
}

async function views(ctx: Ctx, rows: SaeRow[]): Promise<SaeView[]> {
  const patients = await patientLabels(
    ctx.db,
    ctx.orgId,
    rows.map((r) => r.patientId),
  );
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.sessionId,
    patient: { id: r.patientId, ...(patients.get(r.patientId) ?? { name: '', mrn: '' }) },
    eventDate: r.eventDate,
    outcomes: r.outcomes,
    fields: ((r.report as { fields?: SaeField[] }).fields ?? []) as SaeField[],
    recordedBy: r.recordedBy,
    recordedByName: r.recordedByName,
    recordedAt: r.recordedAt.toISOString(),
    evidence: [...MEDWATCH_FORM.evidence],
  }));
}

export async function listSeriousAdverseEvents(ctx: Ctx, filter: SaeFilter): Promise<SaeView[]> {
  const rows = await listSaes(ctx.db, ctx.orgId, filter);
  await audit(
    ctx.db,
    ctx,
    ...rows.map((r) => ({
      action: 'read' as const,
      entityType: 'serious_adverse_event',
      entityId: r.id,
      patientId: r.patientId,
    })),
  );
  return views(ctx, rows);
}

export async function readSeriousAdverseEvent(ctx: Ctx, id: string): Promise<SaeView> {
  const [row] = await listSaes(ctx.db, ctx.orgId, { id });
  if (!row) throw new AppError('not-found', 'No such serious adverse event in this clinic.');
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'serious_adverse_event',
    entityId: id,
    patientId: row.patientId,
  });
  return (await views(ctx, [row]))[0] as SaeView;
}

/** One row per event; a column per field any of them holds (built-in fields first, in form order). */
export async function seriousAdverseEventsCsv(ctx: Ctx, filter: SaeFilter): Promise<string> {
  const rows = await listSaes(ctx.db, ctx.orgId, filter);
  const list = await views(ctx, rows);
  const columns: { key: string; label: string }[] = [];
  for (const field of list.flatMap((v) => v.fields)) {
    if (!columns.some((c) => c.key === field.key)) columns.push({ key: field.key, label: field.label });
  }
  const head = [
    'Record id',
    'Session id',
    'MRN',
    'Recorded at',
    'Recorded by',
    ...columns.map((c) => c.label),
  ];
  const lines = [head.map(csvCell).join(',')];
  for (const v of list) {
    const byKey = new Map(v.fields.map((f) => [f.key, f.value]));
    lines.push(
      [
        v.id,
        v.sessionId,
        v.patient.mrn,
        v.recordedAt,
        v.recordedByName,
        ...columns.map((c) => byKey.get(c.key) ?? ''),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  await audit(ctx.db, ctx, {
    action: 'export',
    entityType: 'serious_adverse_event',
    details: {
      format: 'csv',
      count: list.length,
      patients: [...new Set(list.map((v) => v.patient.id))].length,
    },
  });
  if (list.length) {
    await audit(
      ctx.db,
      ctx,
      ...list.map((v) => ({
        action: 'export' as const,
        entityType: 'serious_adverse_event',
        entityId: v.id,
        patientId: v.patient.id,
      })),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const SECTION_TITLES: Record<string, string> = {
  patient: 'A. Patient information',
  event: 'B. Adverse event',
  product: 'C. Suspect product',
  'other-products': 'D. Other medical products',
  reporter: 'E. Reporter',
  clinic: 'Clinic’s own questions',
};

export async function seriousAdverseEventPdf(
  ctx: Ctx,
  id: string,
): Promise<{ pdf: Uint8Array; name: string }> {
  const [row] = await listSaes(ctx.db, ctx.orgId, { id });
  if (!row) throw new AppError('not-found', 'No such serious adverse event in this clinic.');
  const [view] = await views(ctx, [row]);
  const fields = (view as SaeView).fields;
  const sections = Object.keys(SECTION_TITLES)
    .map((section) => ({
      title: SECTION_TITLES[section] as string,
      rows: fields.filter((f) => f.section === section).map((f) => ({ label: f.label, value: f.value })),
    }))
    .filter((s) => s.rows.length > 0);
  const pdf = await formPdf({
    title: 'Serious adverse event: MedWatch Form 3500 fields (prepared copy)',
    subtitle: `Event ${row.eventDate} · recorded ${row.recordedAt.toISOString()} by ${row.recordedByName}`,
    notice:
      'Prepared from the clinic’s record for a voluntary FDA MedWatch report (Form 3500, online or by mail/fax) and, for SPRAVATO, the REMS. Ketaflow does not send it to the FDA or the manufacturer.',
    sections,
    footer: `Ketaflow · generated ${ctx.now.toISOString()} · record ${id}`,
  });
  await audit(ctx.db, ctx, {
    action: 'print',
    entityType: 'serious_adverse_event',
    entityId: id,
    patientId: row.patientId,
  });
  return { pdf, name: `serious-adverse-event-${row.eventDate}.pdf` };
}
