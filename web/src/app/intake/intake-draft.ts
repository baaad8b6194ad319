import type {
  IntakeFacts,
  MedicalFlag,
  MedicationClass,
  Substance,
  TrialResponse,
} from '../../../../src/domain/eligibility/index.ts';
import type { IntakeFactsInput } from '../../api/intake.ts';

/**
 * The intake history as the review form edits it: text for numbers (so a half-typed value stays),
 * and three states for yes/no questions, because an unanswered question is "not asked", never "no"
 * (the eligibility rules report it as unanswered).
 */
export type Tri = '' | 'yes' | 'no';

export type TrialDraft = {
  drug: string;
  dose: string;
  weeks: string;
  adherence: '' | 'good' | 'partial' | 'poor';
  response: '' | TrialResponse;
  currentEpisode: boolean;
  adequate: Tri;
};
export type HistoryDraft = { received: Tri; details: string; response: '' | TrialResponse };
export type SubstanceDraft = {
  substance: Substance;
  name: string;
  currentUse: Tri;
  disorder: 'none' | 'past' | 'current';
};
export type MedicationDraft = { name: string; dose: string; classes: MedicationClass[] };
export type AllergyDraft = { substance: 'ketamine' | 'esketamine' | 'other'; name: string; reaction: string };

export const PSYCHOSIS_KEYS = ['activePsychosis', 'activeMania', 'pastPsychosis', 'pastMania'] as const;
export type PsychosisKey = (typeof PSYCHOSIS_KEYS)[number];

export const MEDICAL_FLAGS: readonly MedicalFlag[] = [
  'heartDisease',
  'aneurysmalVascularDiseaseOrAvm',
  'intracerebralHaemorrhage',
  'stroke',
  'seizures',
  'liverDisease',
  'bladderSymptoms',
  'raisedIntracranialPressure',
  'raisedIntraocularPressure',
  'pregnant',
  'breastfeeding',
];

/** A list is either not asked yet, or asked (an empty list then means "none"). */
export type ListDraft<T> = { asked: boolean; rows: T[] };

export type IntakeDraft = {
  diagnoses: string;
  episodeMonths: string;
  acuteSuicidalIdeation: Tri;
  trials: ListDraft<TrialDraft>;
  psychotherapy: HistoryDraft;
  ect: HistoryDraft;
  tms: HistoryDraft;
  psychosis: Record<PsychosisKey, Tri>;
  substances: ListDraft<SubstanceDraft>;
  hypertension: '' | 'none' | 'controlled' | 'uncontrolled';
  medical: Record<MedicalFlag, Tri>;
  medications: ListDraft<MedicationDraft>;
  allergies: ListDraft<AllergyDraft>;
  heightCm: string;
  weightKg: string;
  systolicMmHg: string;
  diastolicMmHg: string;
  heartRateBpm: string;
  spo2Percent: string;
};

const tri = (value: boolean | undefined): Tri => (value === undefined ? '' : value ? 'yes' : 'no');
const fromTri = (value: Tri): boolean | undefined => (value === '' ? undefined : value === 'yes');
const str = (value: number | string | undefined): string => (value === undefined ? '' : String(value));
const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

/** Blank is "not given"; anything else is sent as a number, and the server names what is wrong. */
function num(value: string): number | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : (trimmed as unknown as number);
}

function historyDraft(
  history: { received: boolean; details?: string; response?: TrialResponse } | undefined,
) {
  return {
    received: tri(history?.received),
    details: history?.details ?? '',
    response: history?.response ?? '',
  } satisfies HistoryDraft;
}

function historyFacts(draft: HistoryDraft) {
  if (draft.received === '' && draft.details.trim() === '' && draft.response === '') return undefined;
  return {
    received: fromTri(draft.received) as boolean,
    details: text(draft.details),
    response: draft.response || undefined,
  };
}

function listDraft<F, D>(list: readonly F[] | undefined, map: (item: F) => D): ListDraft<D> {
  return { asked: list !== undefined, rows: (list ?? []).map(map) };
}

function listFacts<D, F>(list: ListDraft<D>, map: (row: D) => F): F[] | undefined {
  return list.asked || list.rows.length > 0 ? list.rows.map(map) : undefined;
}

export function draftFromFacts(facts: IntakeFacts): IntakeDraft {
  const ph = facts.psychiatricHistory ?? {};
  const pm = facts.psychosisOrMania ?? {};
  const mh = facts.medicalHistory ?? {};
  const vitals = facts.baselineVitals;
  return {
    diagnoses: (ph.diagnoses ?? []).join('\n'),
    episodeMonths: str(ph.currentEpisodeMonths),
    acuteSuicidalIdeation: tri(ph.acuteSuicidalIdeationOrBehaviour),
    trials: listDraft(ph.antidepressantTrials, (t) => ({
      drug: t.drug,
      dose: t.dose ?? '',
      weeks: str(t.durationWeeks),
      adherence: t.adherence ?? '',
      response: t.response ?? '',
      currentEpisode: t.currentEpisode,
      adequate: tri(t.adequate),
    })),
    psychotherapy: historyDraft(ph.psychotherapy),
    ect: historyDraft(ph.ect),
    tms: historyDraft(ph.tms),
    psychosis: Object.fromEntries(PSYCHOSIS_KEYS.map((k) => [k, tri(pm[k])])) as Record<PsychosisKey, Tri>,
    substances: listDraft(facts.substanceUse, (s) => ({
      substance: s.substance,
      name: s.name ?? '',
      currentUse: tri(s.currentUse),
      disorder: s.disorder,
    })),
    hypertension: mh.hypertension ?? '',
    medical: Object.fromEntries(MEDICAL_FLAGS.map((k) => [k, tri(mh[k])])) as Record<MedicalFlag, Tri>,
    medications: listDraft(facts.currentMedications, (m) => ({
      name: m.name,
      dose: m.dose ?? '',
      classes: [...m.classes],
    })),
    allergies: listDraft(facts.allergies, (a) => ({
      substance: a.substance,
      name: a.name ?? '',
      reaction: a.reaction ?? '',
    })),
    heightCm: str(facts.heightCm),
    weightKg: str(facts.weightKg),
    systolicMmHg: str(vitals?.systolicMmHg),
    diastolicMmHg: str(vitals?.diastolicMmHg),
    heartRateBpm: str(vitals?.heartRateBpm),
    spo2Percent: str(vitals?.spo2Percent),
  };
}

/**
 * The facts the server takes. Rows are kept in order even when blank, so a field error the server
 * names (`currentMedications.2.name`) lands on the row the clinician sees.
 */
export function factsFromDraft(d: IntakeDraft): IntakeFactsInput {
  const diagnoses = d.diagnoses
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const vitalsGiven = [d.systolicMmHg, d.diastolicMmHg, d.heartRateBpm, d.spo2Percent].some(
    (v) => v.trim() !== '',
  );
  const psychosis = Object.fromEntries(PSYCHOSIS_KEYS.map((k) => [k, fromTri(d.psychosis[k])]));
  const medical = Object.fromEntries(MEDICAL_FLAGS.map((k) => [k, fromTri(d.medical[k])]));
  return {
    psychiatricHistory: {
      diagnoses: diagnoses.length > 0 ? diagnoses : undefined,
      currentEpisodeMonths: num(d.episodeMonths),
      antidepressantTrials: listFacts(d.trials, (t) => ({
        drug: t.drug.trim(),
        dose: text(t.dose),
        durationWeeks: num(t.weeks),
        adherence: t.adherence || undefined,
        response: t.response || undefined,
        currentEpisode: t.currentEpisode,
        adequate: fromTri(t.adequate),
      })),
      psychotherapy: historyFacts(d.psychotherapy),
      ect: historyFacts(d.ect),
      tms: historyFacts(d.tms),
      acuteSuicidalIdeationOrBehaviour: fromTri(d.acuteSuicidalIdeation),
    },
    psychosisOrMania: psychosis,
    substanceUse: listFacts(d.substances, (s) => ({
      substance: s.substance,
      name: text(s.name),
      currentUse: fromTri(s.currentUse),
      disorder: s.disorder,
    })),
    medicalHistory: { hypertension: d.hypertension || undefined, ...medical },
    currentMedications: listFacts(d.medications, (m) => ({
      name: m.name.trim(),
      dose: text(m.dose),
      classes: m.classes,
    })),
    allergies: listFacts(d.allergies, (a) => ({
      substance: a.substance,
      name: text(a.name),
      reaction: text(a.reaction),
    })),
    heightCm: num(d.heightCm),
    weightKg: num(d.weightKg),
    baselineVitals: vitalsGiven
      ? {
          systolicMmHg: num(d.systolicMmHg) as number,
          diastolicMmHg: num(d.diastolicMmHg) as number,
          heartRateBpm: num(d.heartRateBpm),
          spo2Percent: num(d.spo2Percent),
        }
      : undefined,
  };
}
