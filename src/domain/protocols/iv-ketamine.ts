import type { Monitoring, Protocol, ProtocolItem, ProtocolPhase, Sourced } from './types.ts';

const DOSE_LADDER: Sourced<readonly number[]> = {
  value: [0.5, 0.75],
  note: 'One step at a time up to the clinic’s maximum; 0.75 mg/kg is what the evidence in the reference supports, anything higher is clinic policy',
  evidence: ['andrade-2017'],
  clinicPolicy: true,
};

const MAX_DOSE: Sourced<number> = {
  value: 0.75,
  note: 'Some patients need up to 0.75 mg/kg',
  evidence: ['andrade-2017'],
};

const MONITORING: Sourced<Monitoring> = {
  value: { minMinutes: 60, from: 'end-of-infusion' },
  note: 'The reference found no minimum; the facility must be able to provide cardiac and respiratory monitoring',
  evidence: ['apa-consensus-2017'],
  clinicPolicy: true,
};

/** The reference found no discharge criteria for IV ketamine: all are clinic policy. */
const DISCHARGE: readonly ProtocolItem[] = [
  {
    id: 'alert-and-oriented',
    text: 'Alert and oriented, responding readily to their name in a normal tone (MOAA/S 5)',
    evidence: ['chernik-1990-moaas'],
    clinicPolicy: true,
  },
  {
    id: 'vital-signs-near-baseline',
    text: 'Blood pressure, heart rate and oxygen saturation back near baseline',
    evidence: ['yale-bp-2024'],
    clinicPolicy: true,
  },
  {
    id: 'dissociation-resolved',
    text: 'Dissociation and perceptual changes resolved; able to walk steadily',
    evidence: [],
    clinicPolicy: true,
  },
  {
    id: 'responsible-adult',
    text: 'Leaves with a responsible adult; does not drive',
    evidence: [],
    clinicPolicy: true,
  },
  {
    id: 'rest-of-day',
    text: 'No driving, work, care of small children or other demanding tasks for the rest of the day',
    evidence: [],
    clinicPolicy: true,
  },
];

const INDUCTION: ProtocolPhase = {
  id: 'induction',
  name: 'Induction series',
  length: {
    value: { kind: 'sessions', sessions: 6, withinWeeks: { min: 2, max: 3 } },
    note: 'Published series vary: 6 over 2 weeks, 4, or 8 twice weekly',
    evidence: [],
    clinicPolicy: true,
  },
  frequency: {
    value: { kind: 'per-week', sessionsPerWeek: 3, choices: [2, 3] },
    evidence: [],
    clinicPolicy: true,
  },
  minDaysBetweenSessions: { value: 2, note: 'Not on consecutive days', evidence: [], clinicPolicy: true },
  dose: {
    value: { unit: 'mg/kg', startDose: 0.5, infusionMinutes: 40 },
    note: 'Most evidence is for 0.5 mg/kg over 40 minutes',
    evidence: ['apa-consensus-2017', 'andrade-2017'],
  },
  titrationSteps: DOSE_LADDER,
  maxDose: MAX_DOSE,
  monitoring: MONITORING,
  discharge: DISCHARGE,
  reviews: [
    {
      afterSession: 3,
      text: 'Response after more than 3 infusions is rare when there has been none before: review whether to go on',
      evidence: ['apa-consensus-2017'],
    },
    {
      afterSession: 'end',
      text: 'Review the response (at least 50 % below baseline) and decide on maintenance',
      evidence: ['daly-2018'],
      clinicPolicy: true,
    },
  ],
};

const MAINTENANCE: ProtocolPhase = {
  id: 'maintenance',
  name: 'Maintenance and boosters',
  length: { value: { kind: 'open-ended' }, evidence: [], clinicPolicy: true },
  frequency: {
    value: { kind: 'as-needed' },
    note: 'The minimum effective frequency; data beyond about a month are extremely limited',
    evidence: ['apa-consensus-2017'],
    clinicPolicy: true,
  },
  minDaysBetweenSessions: { value: 7, evidence: [], clinicPolicy: true },
  dose: {
    value: { unit: 'mg/kg', startDose: null, infusionMinutes: 40 },
    note: 'Continue the dose that worked in the induction',
    evidence: ['apa-consensus-2017', 'andrade-2017'],
    clinicPolicy: true,
  },
  titrationSteps: DOSE_LADDER,
  maxDose: MAX_DOSE,
  monitoring: MONITORING,
  discharge: DISCHARGE,
  reviews: [
    {
      afterSession: 'end',
      text: 'Monitor cognition, bladder function and substance use during ongoing treatment',
      evidence: ['apa-consensus-2017'],
    },
  ],
};

export const IV_KETAMINE_PROTOCOL: Protocol = {
  id: 'iv-ketamine-standard',
  version: 1,
  name: 'IV racemic ketamine for treatment-resistant depression',
  route: 'iv-ketamine',
  indication: 'Treatment-resistant depression (off-label)',
  basedOn: null,
  beforeFirstSession: [
    {
      id: 'eligibility-signed',
      text: 'Eligibility decision signed by a prescriber',
      evidence: ['apa-consensus-2017'],
      clinicPolicy: true,
    },
    { id: 'informed-consent', text: 'Informed consent recorded', evidence: [], clinicPolicy: true },
  ],
  everySession: [
    {
      id: 'cardiac-respiratory-monitoring',
      text: 'Cardiac and respiratory monitoring available; staff trained in advanced cardiac life support',
      evidence: ['apa-consensus-2017'],
    },
    {
      id: 'blood-pressure-every-10-min',
      text: 'Blood pressure every 10 minutes during the infusion (it peaks at about 40 minutes)',
      evidence: ['yale-bp-2024'],
      clinicPolicy: true,
    },
    {
      id: 'all-doses-supervised',
      text: 'Every dose given and supervised in the clinic; no home use',
      evidence: ['apa-consensus-2017'],
    },
  ],
  phases: [INDUCTION, MAINTENANCE],
  titration: {
    stepUp: {
      value: { afterSessions: 2, improvementBelowPercent: 20, requireTolerated: true },
      evidence: [],
      clinicPolicy: true,
    },
    intolerance: {
      value: { notTolerated: 'step-down', severeReaction: 'step-down' },
      evidence: [],
      clinicPolicy: true,
    },
  },
};
