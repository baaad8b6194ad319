import type { IntakeFacts } from './intake.ts';

/**
 * A complete intake that passes every exclusion and caution: treatment-resistant depression after two
 * adequate trials. For tests, demos and the rule editor's preview.
 */
export const SAMPLE_INTAKE: IntakeFacts = {
  psychiatricHistory: {
    diagnoses: ['Major depressive disorder, recurrent, severe'],
    currentEpisodeMonths: 14,
    antidepressantTrials: [
      {
        drug: 'sertraline',
        dose: '150 mg daily',
        durationWeeks: 8,
        adherence: 'good',
        response: 'none',
        currentEpisode: true,
        adequate: true,
      },
      {
        drug: 'venlafaxine',
        dose: '225 mg daily',
        durationWeeks: 10,
        adherence: 'good',
        response: 'partial',
        currentEpisode: true,
        adequate: true,
      },
    ],
    psychotherapy: { received: true, details: 'CBT, 16 sessions' },
    ect: { received: false },
    tms: { received: false },
    acuteSuicidalIdeationOrBehaviour: false,
  },
  psychosisOrMania: { activePsychosis: false, activeMania: false, pastPsychosis: false, pastMania: false },
  substanceUse: [{ substance: 'alcohol', currentUse: true, disorder: 'none' }],
  medicalHistory: {
    hypertension: 'none',
    heartDisease: false,
    aneurysmalVascularDiseaseOrAvm: false,
    intracerebralHaemorrhage: false,
    stroke: false,
    seizures: false,
    liverDisease: false,
    bladderSymptoms: false,
    raisedIntracranialPressure: false,
    raisedIntraocularPressure: false,
    pregnant: false,
    breastfeeding: false,
  },
  currentMedications: [{ name: 'bupropion', dose: '300 mg daily', classes: ['antidepressant'] }],
  allergies: [{ substance: 'other', name: 'penicillin', reaction: 'rash' }],
  heightCm: 170,
  weightKg: 72,
  baselineVitals: { systolicMmHg: 124, diastolicMmHg: 78, heartRateBpm: 72, spo2Percent: 98 },
  baselineScores: { phq9: 19, gad7: 12, madrs: 32, cssrsRisk: 'low' },
};
