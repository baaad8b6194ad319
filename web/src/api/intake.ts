// Typed client for intake and consent (/api/v1/patients/:id/intake*, /intakes/*, consents).
// The history itself is the domain's IntakeFacts: the server sends and takes it as stored.
import type { IntakeFacts } from '../../../src/domain/eligibility/index.ts';
import { request } from '../api.ts';

/** A signature as every signed record shows it (21 CFR 11.50): printed name, time (UTC) and meaning. */
export type Signature = { printedName: string; signedAt: string; meaning: string; userId: string | null };

export type IntakeStatus = 'new' | 'awaiting-patient' | 'submitted' | 'in-review' | 'verified';
export type IntakeVersionKind = 'patient-submission' | 'clinician-draft' | 'verified' | 'addendum';

export type IntakeVersion = {
  id: string;
  version: number;
  kind: IntakeVersionKind;
  createdAt: string;
  source: 'patient-link' | 'staff';
  author: { id: string; name: string | null } | null;
  reason: string | null;
  signature: Signature | null;
  facts: IntakeFacts;
};

export type BaselineInstrument = 'phq9' | 'gad7' | 'cssrs-screener' | 'madrs';
export const BASELINE_INSTRUMENTS: readonly BaselineInstrument[] = [
  'phq9',
  'gad7',
  'cssrs-screener',
  'madrs',
];
export type Baseline = Record<
  BaselineInstrument,
  { responseId: string; total: number | null; severity: string; completedAt: string } | null
>;

export type MedicationFlag = { medication: string; classes: string[]; labels: string[] };

export type ConsentSignature = {
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

export type Intake = {
  id: string;
  patientId: string;
  status: IntakeStatus;
  createdAt: string;
  links: { id: string; createdAt: string; expiresAt: string; completedAt: string | null }[];
  versions: IntakeVersion[];
  latestVersion: number | null;
  /** The record in force: the verified version as its latest addendum corrects it. */
  current: (IntakeVersion & { baseline: Baseline }) | null;
  /** Before verification: what verification would link as baseline now. */
  baselinePreview: Baseline | null;
  medicationFlags: MedicationFlag[];
  unclassifiedMedications: string[];
  consents: ConsentSignature[];
};

export type IntakeSummary = {
  id: string;
  createdAt: string;
  latestVersion: number | null;
  latestKind: IntakeVersionKind | null;
  verifiedAt: string | null;
};

export type IntakeLink = { id: string; intakeId: string; url: string; expiresAt: string };

export type ConsentForm = {
  id: string;
  version: number;
  title: string;
  text: string[];
  meaning: string;
  signer: 'patient' | 'clinician';
  clinicPolicy: true;
  sha256: string;
};

/** What drafts and addenda send: the history without the baseline scores, which the server links. */
export type IntakeFactsInput = Omit<IntakeFacts, 'baselineScores'>;

const patientPath = (id: string) => `/patients/${encodeURIComponent(id)}`;
const intakePath = (id: string) => `/intakes/${encodeURIComponent(id)}`;

export const intakeApi = {
  createLink: (patientId: string, body: { expiresInHours?: number } = {}) =>
    request<IntakeLink>('POST', `${patientPath(patientId)}/intake-links`, { body }),
  start: (patientId: string) => request<Intake>('POST', `${patientPath(patientId)}/intakes`),
  list: (patientId: string) =>
    request<{ items: IntakeSummary[] }>('GET', `${patientPath(patientId)}/intakes`),
  read: (id: string) => request<Intake>('GET', intakePath(id)),
  saveDraft: (id: string, body: { facts: IntakeFactsInput; baseVersion: number }) =>
    request<Intake>('PUT', `${intakePath(id)}/draft`, { body }),
  verify: (id: string, body: { version: number; password: string }) =>
    request<Intake>('POST', `${intakePath(id)}/verify`, { body }),
  addAddendum: (
    id: string,
    body: { facts: IntakeFactsInput; reason: string; baseVersion: number; password: string },
  ) => request<Intake>('POST', `${intakePath(id)}/addenda`, { body }),
  consentForms: () => request<{ items: ConsentForm[] }>('GET', '/consent-forms'),
  consents: (patientId: string) =>
    request<{ items: ConsentSignature[] }>('GET', `${patientPath(patientId)}/consents`),
  signConsent: (patientId: string, body: { formId: string; intakeId?: string; password: string }) =>
    request<ConsentSignature>('POST', `${patientPath(patientId)}/consents`, { body }),
};
