import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import {
  activeStaffIds,
  findPatient,
  findPossibleDuplicates,
  insertPatient,
  nextCounter,
  PATIENT_FIELDS,
  type Patient,
  type PatientFields,
  type PatientQuery,
  type PatientSummary,
  replaceCareTeam,
  searchPatients,
  updatePatientRow,
} from './store.ts';

export function formatMrn(n: number): string {
  return `MRN-${String(n).padStart(6, '0')}`;
}

async function patientOrThrow(ctx: Ctx, id: string): Promise<Patient> {
  const patient = await findPatient(ctx.db, ctx.orgId, id);
  if (!patient) throw new AppError('not-found', 'No such patient in this clinic.');
  return patient;
}

function checkDateOfBirth(ctx: Ctx, dateOfBirth: string) {
  if (dateOfBirth > ctx.now.toISOString().slice(0, 10)) {
    throw new AppError('validation-failed', 'The date of birth is in the future.', [
      { field: 'body.dateOfBirth', message: 'Enter a date of birth that is not in the future.' },
    ]);
  }
}

async function checkPrimaryClinician(ctx: Ctx, id: string | null) {
  if (id && !(await activeStaffIds(ctx.db, ctx.orgId, [id])).has(id)) {
    throw new AppError(
      'validation-failed',
      'The primary clinician must be an active staff member of this clinic.',
      [{ field: 'body.primaryClinicianId', message: 'Choose an active staff member of this clinic.' }],
    );
  }
}

function duplicateProblem(duplicates: PatientSummary[]): AppError {
  const list = duplicates
    .map((d) => `${d.mrn} (${d.legalGivenName} ${d.legalFamilyName}, born ${d.dateOfBirth})`)
    .join('; ');
  return new AppError(
    'conflict',
    `A patient with the same name and date of birth exists: ${list}. Check it is not the same person; send confirmDuplicate: true to register anyway.`,
    [{ field: 'body.confirmDuplicate', message: 'Possible duplicate patient.' }],
    undefined,
    { duplicates: duplicates.map((d) => ({ id: d.id, mrn: d.mrn })) },
  );
}

export async function registerPatient(
  ctx: Ctx,
  input: PatientFields & { confirmDuplicate?: boolean | undefined },
): Promise<Patient> {
  const { confirmDuplicate, mrn: requestedMrn, ...fields } = input;
  checkDateOfBirth(ctx, fields.dateOfBirth);
  await checkPrimaryClinician(ctx, fields.primaryClinicianId);
  const duplicates = await findPossibleDuplicates(ctx.db, ctx.orgId, fields);
  if (duplicates.length && !confirmDuplicate) throw duplicateProblem(duplicates);
  return ctx.db.transaction().execute(async (trx) => {
    const mrn = requestedMrn ?? formatMrn(await nextCounter(trx, ctx.orgId, 'mrn'));
    const id = await insertPatient(trx, ctx.orgId, mrn, fields, ctx.now);
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'patient',
      entityId: id,
      patientId: id,
      details: duplicates.length ? { confirmedPossibleDuplicateOf: duplicates.map((d) => d.id) } : {},
    });
    return (await findPatient(trx, ctx.orgId, id)) as Patient;
  });
}

export async function readPatient(ctx: Ctx, id: string): Promise<Patient> {
  const patient = await patientOrThrow(ctx, id);
  await audit(ctx.db, ctx, { action: 'read', entityType: 'patient', entityId: id, patientId: id });
  return patient;
}

export async function updatePatient(
  ctx: Ctx,
  id: string,
  input: PatientFields & { version: number; mrn: string },
): Promise<Patient> {
  const before = await patientOrThrow(ctx, id);
  const { version, mrn, ...fields } = input;
  checkDateOfBirth(ctx, fields.dateOfBirth);
  await checkPrimaryClinician(ctx, fields.primaryClinicianId);
  const changed = PATIENT_FIELDS.filter((f) => before[f] !== fields[f]);
  if (before.mrn !== mrn) changed.push('mrn' as never);
  return ctx.db.transaction().execute(async (trx) => {
    const ok = await updatePatientRow(trx, ctx.orgId, id, version, mrn, fields, ctx.now);
    if (!ok) {
      throw new AppError(
        'conflict',
        'Someone else changed this record since you opened it; reload and apply your change again.',
      );
    }
    // Field names only: the audit trail must not copy the record's contents.
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'patient',
      entityId: id,
      patientId: id,
      details: { changed },
    });
    return (await findPatient(trx, ctx.orgId, id)) as Patient;
  });
}

export async function setCareTeam(ctx: Ctx, id: string, userIds: string[]): Promise<Patient> {
  await patientOrThrow(ctx, id);
  const unique = [...new Set(userIds)];
  const staff = await activeStaffIds(ctx.db, ctx.orgId, unique);
  const unknown = unique.filter((u) => !staff.has(u));
  if (unknown.length) {
    throw new AppError(
      'validation-failed',
      'Every care-team member must be an active staff member of this clinic.',
      [{ field: 'body.userIds', message: `Not active staff here: ${unknown.join(', ')}` }],
    );
  }
  return ctx.db.transaction().execute(async (trx) => {
    await replaceCareTeam(trx, ctx.orgId, id, unique);
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'patient',
      entityId: id,
      patientId: id,
      details: { careTeam: unique },
    });
    return (await findPatient(trx, ctx.orgId, id)) as Patient;
  });
}

/** Reads of a search are audited per patient shown, not per query. */
export async function findPatients(
  ctx: Ctx,
  query: PatientQuery,
): Promise<{ items: PatientSummary[]; hasMore: boolean }> {
  const rows = await searchPatients(ctx.db, ctx.orgId, { ...query, limit: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  await audit(
    ctx.db,
    ctx,
    ...items.map((p) => ({
      action: 'read' as const,
      entityType: 'patient',
      entityId: p.id,
      patientId: p.id,
      details: { via: 'search' },
    })),
  );
  return { items, hasMore: rows.length > query.limit };
}

/** Splits what a person types in the search box into the keys it can mean. */
export function parseSearch(
  text: string | undefined,
): Pick<PatientQuery, 'nameTokens' | 'dateOfBirth' | 'digits' | 'mrn'> {
  const out: Pick<PatientQuery, 'nameTokens' | 'dateOfBirth' | 'digits' | 'mrn'> = { nameTokens: [] };
  for (const token of (text ?? '').trim().split(/\s+/).filter(Boolean)) {
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(token);
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(token);
    if (iso) out.dateOfBirth = token;
    else if (us) out.dateOfBirth = `${us[3]}-${us[1]?.padStart(2, '0')}-${us[2]?.padStart(2, '0')}`;
    else if (/^mrn-/i.test(token)) out.mrn = token;
    else if (/^[\d()+.-]+$/.test(token) && token.replace(/\D/g, '').length >= 3)
      out.digits = token.replace(/\D/g, '');
    else out.nameTokens.push(token);
  }
  return out;
}
