import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { BaselineScores, IntakeFacts } from '../../../domain/eligibility/index.ts';
import type { CssrsRisk } from '../../../domain/instruments/index.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import {
  type ConsentForm,
  consentFormHash,
  consentFormVersion,
  findConsentForm,
  PATIENT_CONSENT_FORM,
} from './consent-forms.ts';
import { confirmSigner, type SignatureView, signatureView } from './e-signature.ts';
import {
  type IntakeFactsFields,
  IntakeFactsInput,
  type MedicationFlag,
  medicationFlags,
} from './facts-input.ts';
import {
  type BaselineIds,
  type BaselineResponse,
  type ConsentRow,
  completeLink,
  findCurrentRecord,
  findIntake,
  findLinkByTokenHash,
  findOpenIntake,
  findResponses,
  type IntakeLinkRow,
  type IntakeRow,
  type IntakeVersion,
  insertConsent,
  insertIntake,
  insertIntakeLink,
  insertVersion,
  latestResponsesAt,
  listConsents,
  listIntakes,
  listLinks,
  listVersions,
  patientExists,
} from './store.ts';

export {
  confirmSigner,
  SignaturePassword,
  type SignatureView,
  type Signer,
  signatureView,
} from './e-signature.ts';
export type { IntakeVersion } from './store.ts';

/** Clinic-policy default: an intake link works for 72 hours. */
export const INTAKE_LINK_HOURS = 72;

const VERIFY_MEANING =
  'Verified: I reviewed this intake with the patient and confirm it is accurate and complete';
const ADDENDUM_MEANING = 'Correction by addendum: I am the author of this correction; the original is kept';

export type IntakeStatus = 'new' | 'awaiting-patient' | 'submitted' | 'in-review' | 'verified';

export type BaselineView = Record<
  'phq9' | 'gad7' | 'cssrs-screener' | 'madrs',
  { responseId: string; total: number | null; severity: string; completedAt: string } | null
>;

export type VersionView = {
  id: string;
  version: number;
  kind: IntakeVersion['kind'];
  createdAt: string;
  source: 'patient-link' | 'staff';
  author: { id: string; name: string | null } | null;
  reason: string | null;
  signature: SignatureView | null;
  facts: IntakeFacts;
};

export type ConsentView = {
  id: string;
  formId: string;
  formVersion: number;
  formTitle: string | null;
  formSha256: string;
  meaning: string;
  printedName: string;
  signedAt: string;
  signer: { kind: 'patient-link'; linkId: string | null } | { kind: 'user'; userId: string | null };
  intakeId: string | null;
};

export type IntakeView = {
  id: string;
  patientId: string;
  status: IntakeStatus;
  createdAt: string;
  links: { id: string; createdAt: string; expiresAt: string; completedAt: string | null }[];
  versions: VersionView[];
  latestVersion: number | null;
  /** The record in force: the verified version as its latest addendum corrects it. */
  current: (VersionView & { baseline: BaselineView }) | null;
  /** Before verification: the questionnaire responses verification would link as baseline now. */
  baselinePreview: BaselineView | null;
  medicationFlags: MedicationFlag[];
  /** Medicines in the latest version that staff have not classified yet; verification needs them. */
  unclassifiedMedications: string[];
  consents: ConsentView[];
};

export function hashIntakeToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

async function patientOrThrow(ctx: Ctx, patientId: string): Promise<void> {
  if (!(await patientExists(ctx.db, ctx.orgId, patientId))) {
    throw new AppError('not-found', 'No such patient in this clinic.');
  }
}

async function intakeOrThrow(ctx: Ctx, id: string): Promise<IntakeRow> {
  const intake = await findIntake(ctx.db, ctx.orgId, id);
  if (!intake) throw new AppError('not-found', 'No such intake in this clinic.');
  return intake;
}

function statusOf(versions: IntakeVersion[], links: IntakeLinkRow[], now: Date): IntakeStatus {
  if (versions.some((v) => v.kind === 'verified')) return 'verified';
  const latest = versions.at(-1);
  if (latest?.kind === 'clinician-draft') return 'in-review';
  if (latest?.kind === 'patient-submission') return 'submitted';
  return links.some((l) => !l.completedAt && l.expiresAt > now) ? 'awaiting-patient' : 'new';
}

function versionView(v: IntakeVersion): VersionView {
  return {
    id: v.id,
    version: v.version,
    kind: v.kind,
    createdAt: v.createdAt.toISOString(),
    source: v.linkId ? 'patient-link' : 'staff',
    author: v.authorId ? { id: v.authorId, name: v.authorName } : null,
    reason: v.reason,
    signature: signatureView(v.signerName, v.createdAt, v.signatureMeaning, v.authorId),
    facts: v.facts,
  };
}

function baselineView(responses: BaselineResponse[]): BaselineView {
  const of = (instrument: string) => {
    const r = responses.find((candidate) => candidate.instrument === instrument);
    return r
      ? { responseId: r.id, total: r.total, severity: r.severity, completedAt: r.completedAt.toISOString() }
      : null;
  };
  return { phq9: of('phq9'), gad7: of('gad7'), 'cssrs-screener': of('cssrs-screener'), madrs: of('madrs') };
}

function baselineIds(responses: BaselineResponse[]): BaselineIds {
  const of = (instrument: string) => responses.find((r) => r.instrument === instrument)?.id ?? null;
  return { phq9: of('phq9'), gad7: of('gad7'), 'cssrs-screener': of('cssrs-screener'), madrs: of('madrs') };
}

const CSSRS_RISKS: readonly string[] = ['none', 'low', 'moderate', 'high'];

function baselineScores(responses: BaselineResponse[]): BaselineScores {
  const total = (instrument: string) =>
    responses.find((r) => r.instrument === instrument)?.total ?? undefined;
  const cssrs = responses.find((r) => r.instrument === 'cssrs-screener')?.severity;
  return {
    ...(total('phq9') !== undefined && { phq9: total('phq9') }),
    ...(total('gad7') !== undefined && { gad7: total('gad7') }),
    ...(total('madrs') !== undefined && { madrs: total('madrs') }),
    ...(cssrs && CSSRS_RISKS.includes(cssrs) && { cssrsRisk: cssrs as CssrsRisk }),
  };
}

function consentView(row: ConsentRow): ConsentView {
  return {
    id: row.id,
    formId: row.formId,
    formVersion: row.formVersion,
    formTitle: consentFormVersion(row.formId, row.formVersion)?.title ?? null,
    formSha256: row.formSha256,
    meaning: row.meaning,
    printedName: row.printedName,
    signedAt: row.signedAt.toISOString(),
    signer:
      row.signerKind === 'user'
        ? { kind: 'user', userId: row.signerUserId }
        : { kind: 'patient-link', linkId: row.linkId },
    intakeId: row.intakeId,
  };
}

/** Facts checked against the schema; a problem names the field under `prefix`. */
export function checkFacts(facts: unknown, prefix: string): IntakeFactsFields {
  const parsed = IntakeFactsInput.safeParse(facts);
  if (!parsed.success) throw factsProblem(parsed.error, prefix);
  return parsed.data;
}

function factsProblem(error: z.ZodError, prefix: string): AppError {
  const fields: FieldError[] = error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  return new AppError(
    'validation-failed',
    `Check these fields: ${fields.map((f) => f.field).join(', ')}.`,
    fields,
  );
}

/** Every current medicine must carry a class before a clinician signs: Ketaflow does not guess. */
function checkClassified(facts: IntakeFacts, prefix: string): void {
  const fields = (facts.currentMedications ?? []).flatMap((medication, i) =>
    medication.classes.length === 0
      ? [
          {
            field: `${prefix}.currentMedications.${i}.classes`,
            message: `Classify ${medication.name} (for example benzodiazepine, opioid, antidepressant or other) before signing.`,
          },
        ]
      : [],
  );
  if (fields.length > 0) {
    throw new AppError(
      'validation-failed',
      'Classify every current medicine before signing: the eligibility rules read the classes.',
      fields,
    );
  }
}

async function buildView(ctx: Ctx, intake: IntakeRow): Promise<IntakeView> {
  const [versions, links, consents] = await Promise.all([
    listVersions(ctx.db, ctx.orgId, intake.id),
    listLinks(ctx.db, ctx.orgId, intake.id),
    listConsents(ctx.db, ctx.orgId, intake.patientId),
  ]);
  const signed = versions.filter((v) => v.kind === 'verified' || v.kind === 'addendum');
  const current = signed.at(-1);
  const latest = versions.at(-1);
  let currentView: IntakeView['current'] = null;
  let baselinePreview: BaselineView | null = null;
  if (current) {
    const ids = Object.values(current.baseline).filter((id): id is string => id !== null);
    currentView = {
      ...versionView(current),
      baseline: baselineView(await findResponses(ctx.db, ctx.orgId, ids)),
    };
  } else {
    baselinePreview = baselineView(await latestResponsesAt(ctx.db, ctx.orgId, intake.patientId, ctx.now));
  }
  const latestFacts = latest?.facts ?? {};
  return {
    id: intake.id,
    patientId: intake.patientId,
    status: statusOf(versions, links, ctx.now),
    createdAt: intake.createdAt.toISOString(),
    links: links.map((l) => ({
      id: l.id,
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      completedAt: l.completedAt?.toISOString() ?? null,
    })),
    versions: versions.map(versionView),
    latestVersion: latest?.version ?? null,
    current: currentView,
    baselinePreview,
    medicationFlags: medicationFlags(latestFacts),
    unclassifiedMedications: (latestFacts.currentMedications ?? [])
      .filter((m) => m.classes.length === 0)
      .map((m) => m.name),
    consents: consents.filter((c) => c.intakeId === null || c.intakeId === intake.id).map(consentView),
  };
}

/** A single-use link for the patient to fill in their history; it continues the open intake. */
export async function createIntakeLink(
  ctx: Ctx,
  patientId: string,
  input: { expiresInHours?: number | undefined },
  appUrl: string,
): Promise<{ id: string; intakeId: string; url: string; expiresAt: string }> {
  await patientOrThrow(ctx, patientId);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now.getTime() + (input.expiresInHours ?? INTAKE_LINK_HOURS) * 3_600_000);
  return ctx.db.transaction().execute(async (trx) => {
    let intakeId = await findOpenIntake(trx, ctx.orgId, patientId);
    if (!intakeId) {
      intakeId = await insertIntake(trx, {
        orgId: ctx.orgId,
        patientId,
        createdBy: ctx.user?.id ?? null,
        now: ctx.now,
      });
      await audit(trx, ctx, { action: 'create', entityType: 'intake', entityId: intakeId, patientId });
    }
    const id = await insertIntakeLink(trx, {
      orgId: ctx.orgId,
      patientId,
      intakeId,
      tokenHash: hashIntakeToken(token),
      createdBy: ctx.user?.id ?? null,
      now: ctx.now,
      expiresAt,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'intake_link',
      entityId: id,
      patientId,
      details: { intakeId, expiresAt: expiresAt.toISOString() },
    });
    return { id, intakeId, url: `${appUrl}/i/${token}`, expiresAt: expiresAt.toISOString() };
  });
}

/** Starts an intake that staff fill in (an interview in the clinic); returns the open one if any. */
export async function startIntake(
  ctx: Ctx,
  patientId: string,
): Promise<{ intake: IntakeView; created: boolean }> {
  await patientOrThrow(ctx, patientId);
  const { id, created } = await ctx.db.transaction().execute(async (trx) => {
    const open = await findOpenIntake(trx, ctx.orgId, patientId);
    if (open) return { id: open, created: false };
    const newId = await insertIntake(trx, {
      orgId: ctx.orgId,
      patientId,
      createdBy: ctx.user?.id ?? null,
      now: ctx.now,
    });
    await audit(trx, ctx, { action: 'create', entityType: 'intake', entityId: newId, patientId });
    return { id: newId, created: true };
  });
  return { intake: await buildView(ctx, await intakeOrThrow(ctx, id)), created };
}

export type OpenIntakeLink = IntakeLinkRow;

const INVALID_LINK =
  'This link has expired, was already used, or is not valid. Ask your clinic for a new one.';

/** A link that is unknown, expired, used, or whose intake is already verified is refused alike. */
export async function openIntakeLink(db: Ctx['db'], token: string, now: Date): Promise<OpenIntakeLink> {
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await findLinkByTokenHash(db, hashIntakeToken(token))
    : undefined;
  if (!link || link.completedAt || link.expiresAt <= now) throw new AppError('not-found', INVALID_LINK);
  const versions = await listVersions(db, link.orgId, link.intakeId);
  if (versions.some((v) => v.kind === 'verified')) throw new AppError('not-found', INVALID_LINK);
  return link;
}

export function patientConsentForm(): ConsentForm {
  return findConsentForm(PATIENT_CONSENT_FORM) as ConsentForm;
}

/**
 * The patient's own submission through their link: a new version of the intake (never a change to
 * an earlier one), with their consent signature when they give it. The link is then used up.
 */
export async function submitIntakeViaLink(
  ctx: Omit<Ctx, 'orgId' | 'user'>,
  token: string,
  input: { facts: unknown; consent: { printedName: string } | null },
): Promise<{ intakeId: string; version: number; consentId: string | null }> {
  const link = await openIntakeLink(ctx.db, token, ctx.now);
  const facts = checkFacts(input.facts, 'body.facts');
  const linkCtx: Ctx = { ...ctx, orgId: link.orgId, user: null };
  const form = patientConsentForm();
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await completeLink(trx, link.id, ctx.now))) throw new AppError('not-found', INVALID_LINK);
    const versions = await listVersions(trx, link.orgId, link.intakeId);
    const version = (versions.at(-1)?.version ?? 0) + 1;
    const versionId = await insertVersion(trx, {
      orgId: link.orgId,
      intakeId: link.intakeId,
      patientId: link.patientId,
      version,
      kind: 'patient-submission',
      facts,
      linkId: link.id,
      authorId: null,
      now: ctx.now,
    });
    await audit(trx, linkCtx, {
      action: 'create',
      entityType: 'intake_version',
      entityId: versionId,
      patientId: link.patientId,
      details: { intakeId: link.intakeId, kind: 'patient-submission', version, linkId: link.id },
    });
    let consentId: string | null = null;
    if (input.consent) {
      consentId = await insertConsent(trx, {
        orgId: link.orgId,
        patientId: link.patientId,
        intakeId: link.intakeId,
        formId: form.id,
        formVersion: form.version,
        formSha256: consentFormHash(form),
        meaning: form.meaning,
        printedName: input.consent.printedName,
        signerKind: 'patient-link',
        signerUserId: null,
        linkId: link.id,
        signedAt: ctx.now,
      });
      await audit(trx, linkCtx, {
        action: 'create',
        entityType: 'consent_signature',
        entityId: consentId,
        patientId: link.patientId,
        details: { formId: form.id, formVersion: form.version, linkId: link.id },
      });
    }
    return { intakeId: link.intakeId, version, consentId };
  });
}

export async function readIntake(ctx: Ctx, id: string): Promise<IntakeView> {
  const intake = await intakeOrThrow(ctx, id);
  const view = await buildView(ctx, intake);
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'intake',
    entityId: id,
    patientId: intake.patientId,
  });
  return view;
}

export async function listPatientIntakes(
  ctx: Ctx,
  patientId: string,
): Promise<
  {
    id: string;
    createdAt: string;
    latestVersion: number | null;
    latestKind: string | null;
    verifiedAt: string | null;
  }[]
> {
  await patientOrThrow(ctx, patientId);
  const rows = await listIntakes(ctx.db, ctx.orgId, patientId);
  await audit(
    ctx.db,
    ctx,
    ...rows.map((row) => ({
      action: 'read' as const,
      entityType: 'intake',
      entityId: row.id,
      patientId,
      details: { via: 'list' },
    })),
  );
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    latestVersion: row.latestVersion,
    latestKind: row.latestKind,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
  }));
}

function staleProblem(latest: number | null, sent: number): AppError {
  return new AppError(
    'conflict',
    `The intake is at version ${latest ?? 0}, not ${sent}: someone saved it since you opened it; reload and apply your change again.`,
    [{ field: 'body.baseVersion', message: `The latest version is ${latest ?? 0}.` }],
  );
}

function changedSections(before: IntakeFacts, after: IntakeFacts): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof IntakeFacts>;
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

/** A clinician's edit before verification: a new draft version; earlier versions stay as they were. */
export async function saveIntakeDraft(
  ctx: Ctx,
  id: string,
  input: { facts: IntakeFactsFields; baseVersion: number },
): Promise<IntakeView> {
  const intake = await intakeOrThrow(ctx, id);
  const versions = await listVersions(ctx.db, ctx.orgId, id);
  if (versions.some((v) => v.kind === 'verified')) {
    throw new AppError(
      'conflict',
      'This intake is verified and is never edited: add a signed addendum to correct it.',
    );
  }
  const latest = versions.at(-1);
  if ((latest?.version ?? 0) !== input.baseVersion)
    throw staleProblem(latest?.version ?? null, input.baseVersion);
  const version = input.baseVersion + 1;
  await ctx.db.transaction().execute(async (trx) => {
    const versionId = await insertVersion(trx, {
      orgId: ctx.orgId,
      intakeId: id,
      patientId: intake.patientId,
      version,
      kind: 'clinician-draft',
      facts: input.facts,
      authorId: ctx.user?.id ?? null,
      now: ctx.now,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'intake_version',
      entityId: versionId,
      patientId: intake.patientId,
      details: {
        intakeId: id,
        kind: 'clinician-draft',
        version,
        changed: changedSections(latest?.facts ?? {}, input.facts),
      },
    });
  });
  return buildView(ctx, intake);
}

/**
 * The clinician signs the intake (password re-entered): the latest version becomes the verified
 * record, with the latest PHQ-9, GAD-7, C-SSRS and MADRS on or before now linked as its baseline.
 */
export async function verifyIntake(
  ctx: Ctx,
  id: string,
  input: { version: number; password: string },
): Promise<IntakeView> {
  const intake = await intakeOrThrow(ctx, id);
  const versions = await listVersions(ctx.db, ctx.orgId, id);
  if (versions.some((v) => v.kind === 'verified')) {
    throw new AppError('conflict', 'This intake is already verified: add a signed addendum to correct it.');
  }
  const latest = versions.at(-1);
  if (!latest) {
    throw new AppError('validation-failed', 'There is nothing to verify yet: save the history first.', [
      { field: 'body.version', message: 'The intake has no version yet.' },
    ]);
  }
  if (latest.version !== input.version) {
    throw new AppError(
      'conflict',
      `Version ${input.version} is not the latest (${latest.version}); review the latest before signing.`,
      [{ field: 'body.version', message: `The latest version is ${latest.version}.` }],
    );
  }
  checkClassified(latest.facts, 'facts');
  const signer = await confirmSigner(ctx, input.password, 'intake verification', intake.patientId);
  const responses = await latestResponsesAt(ctx.db, ctx.orgId, intake.patientId, ctx.now);
  const { baselineScores: _ignored, ...facts } = latest.facts;
  const version = latest.version + 1;
  await ctx.db.transaction().execute(async (trx) => {
    const versionId = await insertVersion(trx, {
      orgId: ctx.orgId,
      intakeId: id,
      patientId: intake.patientId,
      version,
      kind: 'verified',
      facts: { ...facts, baselineScores: baselineScores(responses) },
      baseline: baselineIds(responses),
      authorId: signer.userId,
      signerName: signer.printedName,
      signatureMeaning: VERIFY_MEANING,
      now: signer.signedAt,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'intake_version',
      entityId: versionId,
      patientId: intake.patientId,
      details: {
        intakeId: id,
        kind: 'verified',
        version,
        verifiedVersion: latest.version,
        baseline: baselineIds(responses),
      },
    });
  });
  return buildView(ctx, intake);
}

/** A signed correction of a verified intake; the verified record and earlier addenda stay. */
export async function addIntakeAddendum(
  ctx: Ctx,
  id: string,
  input: { facts: IntakeFactsFields; reason: string; baseVersion: number; password: string },
): Promise<IntakeView> {
  const intake = await intakeOrThrow(ctx, id);
  const versions = await listVersions(ctx.db, ctx.orgId, id);
  const current = versions.filter((v) => v.kind === 'verified' || v.kind === 'addendum').at(-1);
  if (!current) {
    throw new AppError('conflict', 'This intake is not verified yet: save a draft instead of an addendum.');
  }
  const latest = versions.at(-1);
  if ((latest?.version ?? 0) !== input.baseVersion)
    throw staleProblem(latest?.version ?? null, input.baseVersion);
  checkClassified(input.facts, 'body.facts');
  const signer = await confirmSigner(ctx, input.password, 'intake addendum', intake.patientId);
  const version = input.baseVersion + 1;
  const facts: IntakeFacts = {
    ...input.facts,
    ...(current.facts.baselineScores && { baselineScores: current.facts.baselineScores }),
  };
  await ctx.db.transaction().execute(async (trx) => {
    const versionId = await insertVersion(trx, {
      orgId: ctx.orgId,
      intakeId: id,
      patientId: intake.patientId,
      version,
      kind: 'addendum',
      facts,
      baseline: current.baseline,
      reason: input.reason,
      authorId: signer.userId,
      signerName: signer.printedName,
      signatureMeaning: ADDENDUM_MEANING,
      now: signer.signedAt,
    });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'intake_version',
      entityId: versionId,
      patientId: intake.patientId,
      details: {
        intakeId: id,
        kind: 'addendum',
        version,
        corrects: current.version,
        changed: changedSections(current.facts, facts),
      },
    });
  });
  return buildView(ctx, intake);
}

/** A clinician signs a consent form for a patient, bound to their own account by their password. */
export async function signConsentAsStaff(
  ctx: Ctx,
  patientId: string,
  input: { formId: string; password: string; intakeId?: string | undefined },
): Promise<ConsentView> {
  await patientOrThrow(ctx, patientId);
  const form = findConsentForm(input.formId);
  if (!form) {
    throw new AppError('validation-failed', `There is no consent form "${input.formId}".`, [
      { field: 'body.formId', message: 'Choose a consent form Ketaflow lists.' },
    ]);
  }
  if (form.signer !== 'clinician') {
    throw new AppError(
      'validation-failed',
      'The patient signs this form themselves, through their intake link.',
      [{ field: 'body.formId', message: 'Choose a form a clinician signs.' }],
    );
  }
  if (input.intakeId) {
    const intake = await findIntake(ctx.db, ctx.orgId, input.intakeId);
    if (!intake || intake.patientId !== patientId) {
      throw new AppError('validation-failed', 'That intake is not this patient’s.', [
        { field: 'body.intakeId', message: 'Choose one of this patient’s intakes.' },
      ]);
    }
  }
  const signer = await confirmSigner(ctx, input.password, `consent form ${form.id}`, patientId);
  const row: Omit<ConsentRow, 'id'> = {
    patientId,
    intakeId: input.intakeId ?? null,
    formId: form.id,
    formVersion: form.version,
    formSha256: consentFormHash(form),
    meaning: form.meaning,
    printedName: signer.printedName,
    signerKind: 'user',
    signerUserId: signer.userId,
    linkId: null,
    signedAt: signer.signedAt,
  };
  const id = await ctx.db.transaction().execute(async (trx) => {
    const consentId = await insertConsent(trx, { ...row, orgId: ctx.orgId });
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'consent_signature',
      entityId: consentId,
      patientId,
      details: { formId: form.id, formVersion: form.version },
    });
    return consentId;
  });
  return consentView({ ...row, id });
}

export async function readConsents(ctx: Ctx, patientId: string): Promise<ConsentView[]> {
  await patientOrThrow(ctx, patientId);
  const rows = await listConsents(ctx.db, ctx.orgId, patientId);
  await audit(
    ctx.db,
    ctx,
    ...rows.map((row) => ({
      action: 'read' as const,
      entityType: 'consent_signature',
      entityId: row.id,
      patientId,
    })),
  );
  return rows.map(consentView);
}

/** What eligibility and plans read: the patient's verified intake record in force, if any. */
export async function currentIntakeRecord(ctx: Ctx, patientId: string): Promise<IntakeVersion | undefined> {
  return findCurrentRecord(ctx.db, ctx.orgId, patientId);
}

export async function patientInClinic(ctx: Ctx, patientId: string): Promise<boolean> {
  return patientExists(ctx.db, ctx.orgId, patientId);
}
