import type { Monitoring, Protocol, ProtocolItem, ProtocolPhase, Sourced } from './types.ts';

export const ESKETAMINE_DOSES_MG: readonly number[] = [56, 84];
export const ESKETAMINE_DEVICE_MG = 28;
export const ESKETAMINE_MINUTES_BETWEEN_DEVICES = 5;
export const ESKETAMINE_MIN_MONITORING_MINUTES = 120;

const DEVICE = {
  deviceMg: ESKETAMINE_DEVICE_MG,
  minutesBetweenDevices: ESKETAMINE_MINUTES_BETWEEN_DEVICES,
} as const;

const LADDER: Sourced<readonly number[]> = {
  value: ESKETAMINE_DOSES_MG,
  note: '56 or 84 mg (2 or 3 devices of 28 mg)',
  evidence: ['spravato-pi'],
};

const MAX_DOSE: Sourced<number> = { value: 84, evidence: ['spravato-pi'] };

const MONITORING: Sourced<Monitoring> = {
  value: { minMinutes: ESKETAMINE_MIN_MONITORING_MINUTES, from: 'administration' },
  note: 'At least 2 hours at every session, and until sedation, dissociation and respiratory depression resolve',
  evidence: ['spravato-pi', 'spravato-rems'],
};

const TWICE_WEEKLY_GAP: Sourced<number> = {
  value: 2,
  note: 'Not on consecutive days; the reference gives no minimum interval',
  evidence: [],
  clinicPolicy: true,
};

const DISCHARGE: readonly ProtocolItem[] = [
  {
    id: 'clinically-stable',
    text: 'After at least 2 hours, a healthcare provider judges the patient clinically stable and ready to leave',
    evidence: ['spravato-pi'],
  },
  {
    id: 'sedation-dissociation-resolved',
    text: 'Sedation, dissociation and respiratory depression have resolved',
    evidence: ['spravato-rems'],
  },
  {
    id: 'blood-pressure-safe',
    text: 'Blood pressure has come down or stays at a safe level',
    evidence: ['spravato-pi'],
  },
  {
    id: 'no-driving-until-next-day',
    text: 'Someone else drives them home; no driving or operating machinery until the next day after a restful sleep',
    evidence: ['spravato-pi', 'spravato-rems'],
  },
];

const BEFORE_FIRST_SESSION: readonly ProtocolItem[] = [
  {
    id: 'rems-patient-enrolment',
    text: 'Patient enrolled in the SPRAVATO REMS (Patient Enrollment Form) before the first session',
    evidence: ['spravato-rems'],
  },
  {
    id: 'eligibility-signed',
    text: 'Eligibility decision signed by a prescriber',
    evidence: ['spravato-pi'],
    clinicPolicy: true,
  },
];

const EVERY_SESSION: readonly ProtocolItem[] = [
  {
    id: 'self-administered-under-observation',
    text: 'The patient sprays it themselves under the direct observation of a healthcare provider; never taken home',
    evidence: ['spravato-rems'],
  },
  {
    id: 'blood-pressure-before-dose',
    text: 'Blood pressure before the dose; above 140/90 mmHg, weigh delaying the session',
    evidence: ['spravato-pi'],
  },
  {
    id: 'blood-pressure-at-40-min',
    text: 'Blood pressure about 40 minutes after the dose, then as needed until it comes down',
    evidence: ['spravato-pi'],
  },
  {
    id: 'pulse-oximetry',
    text: 'Respiratory status with pulse oximetry',
    evidence: ['spravato-rems'],
  },
  {
    id: 'no-food-or-drink-before',
    text: 'No food for 2 hours and no liquids for 30 minutes before the dose; nasal steroid or decongestant at least 1 hour before',
    note: 'Secondary sources only',
    evidence: [],
    clinicPolicy: true,
  },
  {
    id: 'rems-monitoring-form',
    text: 'REMS Patient Monitoring Form submitted within 7 days of the session',
    evidence: ['spravato-rems'],
  },
];

const INDUCTION: ProtocolPhase = {
  id: 'induction',
  name: 'Induction, weeks 1–4',
  length: { value: { kind: 'weeks', weeks: 4 }, evidence: ['spravato-pi'] },
  frequency: {
    value: { kind: 'per-week', sessionsPerWeek: 2, choices: [2] },
    evidence: ['spravato-pi'],
  },
  minDaysBetweenSessions: TWICE_WEEKLY_GAP,
  dose: {
    value: { unit: 'mg', firstSessionDose: 56, startDose: 56, ...DEVICE },
    note: 'Day 1: 56 mg; then 56 or 84 mg',
    evidence: ['spravato-pi'],
  },
  titrationSteps: LADDER,
  maxDose: MAX_DOSE,
  monitoring: MONITORING,
  discharge: DISCHARGE,
  reviews: [
    {
      afterSession: 'end',
      text: 'Look for evidence of therapeutic benefit to decide whether to continue',
      evidence: ['spravato-pi'],
    },
  ],
};

const WEEKS_5_TO_8: ProtocolPhase = {
  id: 'maintenance-weeks-5-8',
  name: 'Maintenance, weeks 5–8',
  length: { value: { kind: 'weeks', weeks: 4 }, evidence: ['spravato-pi'] },
  frequency: { value: { kind: 'every-weeks', everyWeeks: 1, choices: [1] }, evidence: ['spravato-pi'] },
  minDaysBetweenSessions: { value: 5, evidence: [], clinicPolicy: true },
  dose: {
    value: { unit: 'mg', startDose: null, ...DEVICE },
    note: '56 or 84 mg once weekly',
    evidence: ['spravato-pi'],
  },
  titrationSteps: LADDER,
  maxDose: MAX_DOSE,
  monitoring: MONITORING,
  discharge: DISCHARGE,
  reviews: [],
};

const WEEK_9_ON: ProtocolPhase = {
  id: 'maintenance-week-9-on',
  name: 'Maintenance, week 9 on',
  length: { value: { kind: 'open-ended' }, evidence: ['spravato-pi'] },
  frequency: {
    value: { kind: 'every-weeks', everyWeeks: 2, choices: [1, 2] },
    note: 'Every 2 weeks or once weekly: the least frequent schedule that keeps the remission or response',
    evidence: ['spravato-pi'],
  },
  minDaysBetweenSessions: { value: 5, evidence: [], clinicPolicy: true },
  dose: {
    value: { unit: 'mg', startDose: null, ...DEVICE },
    note: '56 or 84 mg',
    evidence: ['spravato-pi'],
  },
  titrationSteps: LADDER,
  maxDose: MAX_DOSE,
  monitoring: MONITORING,
  discharge: DISCHARGE,
  reviews: [
    {
      afterSession: 'end',
      text: 'Review periodically whether the least frequent schedule still keeps the response',
      evidence: ['spravato-pi'],
    },
  ],
};

export const ESKETAMINE_TRD_PROTOCOL: Protocol = {
  id: 'esketamine-trd',
  version: 1,
  name: 'Esketamine nasal spray for treatment-resistant depression',
  route: 'esketamine',
  indication: 'Treatment-resistant depression (inadequate response to at least two antidepressants)',
  basedOn: null,
  beforeFirstSession: BEFORE_FIRST_SESSION,
  everySession: EVERY_SESSION,
  phases: [INDUCTION, WEEKS_5_TO_8, WEEK_9_ON],
  titration: {
    stepUp: {
      value: { afterSessions: 2, improvementBelowPercent: 20, requireTolerated: true },
      note: 'The label leaves 56 or 84 mg to the prescriber; this rule for suggesting 84 mg is ours',
      evidence: ['spravato-pi'],
      clinicPolicy: true,
    },
    intolerance: {
      value: { notTolerated: 'step-down', severeReaction: 'step-down' },
      evidence: ['spravato-pi'],
      clinicPolicy: true,
    },
  },
};

export const ESKETAMINE_SUICIDAL_IDEATION_PROTOCOL: Protocol = {
  id: 'esketamine-acute-suicidal-ideation',
  version: 1,
  name: 'Esketamine nasal spray for depression with acute suicidal ideation or behaviour',
  route: 'esketamine',
  indication: 'Major depression with acute suicidal ideation or behaviour',
  basedOn: null,
  beforeFirstSession: BEFORE_FIRST_SESSION,
  everySession: EVERY_SESSION,
  phases: [
    {
      id: 'acute',
      name: 'Weeks 1–4',
      length: { value: { kind: 'weeks', weeks: 4 }, evidence: ['spravato-pi'] },
      frequency: { value: { kind: 'per-week', sessionsPerWeek: 2, choices: [2] }, evidence: ['spravato-pi'] },
      minDaysBetweenSessions: TWICE_WEEKLY_GAP,
      dose: {
        value: { unit: 'mg', firstSessionDose: 84, startDose: 84, ...DEVICE },
        note: '84 mg twice weekly; may be reduced to 56 mg twice weekly if not tolerated',
        evidence: ['spravato-pi'],
      },
      titrationSteps: LADDER,
      maxDose: MAX_DOSE,
      monitoring: MONITORING,
      discharge: DISCHARGE,
      reviews: [
        {
          afterSession: 'end',
          text: 'Use beyond 4 weeks has not been systematically evaluated',
          evidence: ['spravato-pi'],
        },
      ],
    },
  ],
  titration: {
    stepUp: { value: null, note: 'Starts at the highest dose', evidence: ['spravato-pi'] },
    intolerance: {
      value: { notTolerated: 'step-down', severeReaction: 'step-down' },
      note: 'Reduce to 56 mg if 84 mg is not tolerated',
      evidence: ['spravato-pi'],
    },
  },
};
