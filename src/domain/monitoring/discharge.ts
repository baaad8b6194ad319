import type { TreatmentRoute } from '../eligibility/rules.ts';
import type { Provenance } from '../evidence.ts';
import type { Monitoring, ProtocolItem } from '../protocols/types.ts';
import { crossedThresholds, type Vitals, type VitalsAlertThreshold } from './vitals.ts';

export type DischargeState = {
  readonly monitoring: Monitoring;
  readonly doseStartedAt: number;
  /** End of the infusion; null while it runs; undefined for a route without an infusion. */
  readonly infusionEndedAt?: number | null;
  readonly now: number;
  /** The protocol's discharge criteria, and which of them the nurse has confirmed. */
  readonly criteria: readonly ProtocolItem[];
  readonly confirmed: ReadonlySet<string>;
  readonly lastVitals: { readonly at: number; readonly vitals: Vitals } | null;
  readonly thresholds: readonly VitalsAlertThreshold[];
  readonly latestMoaas: number | null;
  readonly latestDissociation: number | null;
  readonly unacknowledgedAlerts: number;
  /** The last reading must be this recent, so the one "before discharge" is really before it. */
  readonly vitalsWithinMin: number;
  /** Where the clinic discharges by a score: the score and the item scores recorded (null: none yet). */
  readonly score?: { readonly definition: DischargeScore; readonly itemScores: readonly number[] | null };
};

export type DischargeGap = { readonly id: string; readonly text: string };

export type DischargeReadiness = {
  readonly ready: boolean;
  /** When the minimum monitoring time is over; null while an infusion still runs. */
  readonly monitoringEndsAt: number | null;
  readonly gaps: readonly DischargeGap[];
};

/** The rule behind the recent-vitals requirement: the label and the REMS form both ask for it. */
export const VITALS_BEFORE_DISCHARGE: Provenance & { readonly withinMin: number } = {
  withinMin: 15,
  evidence: ['spravato-pi', 'spravato-rems'],
  clinicPolicy: true,
};

const MINUTE = 60_000;

function monitoringEndsAt(state: DischargeState): number | null {
  if (state.monitoring.from === 'administration') {
    return state.doseStartedAt + state.monitoring.minMinutes * MINUTE;
  }
  if (state.infusionEndedAt === null) return null;
  return (state.infusionEndedAt ?? state.doseStartedAt) + state.monitoring.minMinutes * MINUTE;
}

/** Every reason the patient may not leave yet; ready only when there is none. */
export function evaluateDischarge(state: DischargeState): DischargeReadiness {
  const gaps: DischargeGap[] = [];
  const endsAt = monitoringEndsAt(state);
  if (endsAt === null) {
    gaps.push({ id: 'infusion-running', text: 'The infusion is still running' });
  } else if (state.now < endsAt) {
    const left = Math.ceil((endsAt - state.now) / MINUTE);
    gaps.push({
      id: 'minimum-monitoring',
      text: `Minimum monitoring time of ${state.monitoring.minMinutes} min not reached (${left} min left)`,
    });
  }
  const vitals = state.lastVitals;
  if (!vitals || state.now - vitals.at > state.vitalsWithinMin * MINUTE) {
    gaps.push({
      id: 'vitals-before-discharge',
      text: `No vital signs in the last ${state.vitalsWithinMin} min`,
    });
  } else {
    for (const crossed of crossedThresholds(vitals.vitals, state.thresholds)) {
      gaps.push({ id: `vitals-${crossed.id}`, text: `Latest vital signs: ${crossed.text}` });
    }
  }
  if (state.latestMoaas === null || state.latestMoaas < 5) {
    gaps.push({ id: 'sedation-resolved', text: 'Sedation not recorded as resolved (MOAA/S 5)' });
  }
  if (state.latestDissociation === null || state.latestDissociation > 0) {
    gaps.push({ id: 'dissociation-resolved', text: 'Dissociation not recorded as resolved' });
  }
  if (state.unacknowledgedAlerts > 0) {
    gaps.push({
      id: 'alerts-acknowledged',
      text: `${state.unacknowledgedAlerts} alert(s) not yet acknowledged`,
    });
  }
  for (const criterion of state.criteria) {
    if (!state.confirmed.has(criterion.id)) gaps.push({ id: criterion.id, text: criterion.text });
  }
  if (state.score) gaps.push(...scoreGaps(state.score.definition, state.score.itemScores));
  return { ready: gaps.length === 0, monitoringEndsAt: endsAt, gaps };
}

function scoreGaps(definition: DischargeScore, itemScores: readonly number[] | null): DischargeGap[] {
  if (!itemScores) return [{ id: 'discharge-score', text: `${definition.name} score not recorded` }];
  const { total, passed } = scoreDischarge(definition, itemScores);
  if (passed) return [];
  return [
    {
      id: 'discharge-score',
      text: `${definition.name} score ${total} of ${definition.items.length * 2} (at least ${definition.passAtLeast} to leave)`,
    },
  ];
}

/**
 * How the clinic decides a patient may leave, beyond the rules above: its own checklist (the protocol
 * phase's criteria plus the clinic's items), or a general post-sedation score instead of the clinic's
 * items. The protocol phase's own criteria stay either way: they come from the label.
 */
export type DischargeMethod = 'checklist' | 'modified-aldrete' | 'padss';

export const DISCHARGE_METHODS: readonly DischargeMethod[] = ['checklist', 'modified-aldrete', 'padss'];

/** A general post-sedation score: each item 0-2, at least 9 of 10 to leave. */
export type DischargeScore = Provenance & {
  readonly id: Exclude<DischargeMethod, 'checklist'>;
  readonly name: string;
  readonly items: readonly string[];
  readonly passAtLeast: number;
  /** Criteria the score's own description adds (PADSS: a competent adult to accompany). */
  readonly criteria: readonly ProtocolItem[];
};

/**
 * Items, 0-2 scoring and the pass mark as listed in the project's instrument notes
 * (../shared/instruments.md, "Discharge scores"), which has no evidence id of its own and says no
 * source ties either score to ketamine for depression: both are offered as clinic policy. The notes
 * give no per-item anchors (what earns 0, 1 or 2), so none are shown here; the nurse scores each
 * item by the clinic's own version of the score.
 */
export const DISCHARGE_SCORES: readonly DischargeScore[] = [
  {
    id: 'modified-aldrete',
    name: 'Modified Aldrete',
    items: ['Activity', 'Respiration', 'Circulation', 'Consciousness', 'Oxygen saturation'],
    passAtLeast: 9,
    criteria: [],
    evidence: [],
    clinicPolicy: true,
  },
  {
    id: 'padss',
    name: 'PADSS',
    items: ['Vital signs', 'Activity and mental status', 'Pain', 'Nausea or vomiting', 'Bleeding'],
    passAtLeast: 9,
    criteria: [
      {
        id: 'padss-accompanied',
        text: 'A competent adult accompanies the patient home',
        evidence: [],
        clinicPolicy: true,
      },
    ],
    evidence: [],
    clinicPolicy: true,
  },
];

export function dischargeScoreOf(method: DischargeMethod): DischargeScore | undefined {
  return DISCHARGE_SCORES.find((score) => score.id === method);
}

export type DischargeScoreResult = { readonly total: number; readonly passed: boolean };

export function scoreDischarge(score: DischargeScore, itemScores: readonly number[]): DischargeScoreResult {
  if (itemScores.length !== score.items.length) {
    throw new RangeError(`${score.name} needs ${score.items.length} item scores`);
  }
  for (const value of itemScores) {
    if (!Number.isInteger(value) || value < 0 || value > 2) {
      throw new RangeError(`${score.name} item scores are whole numbers from 0 to 2`);
    }
  }
  const total = itemScores.reduce((sum, value) => sum + value, 0);
  return { total, passed: total >= score.passAtLeast };
}

/** One line of the instructions a patient leaves with. */
export type DischargeInstruction = Provenance & { readonly id: string; readonly text: string };

// The seed brief asks for this advice; the reference found no primary source for it.
const REST_OF_DAY: DischargeInstruction = {
  id: 'rest-of-day',
  text: 'For the rest of today, do not go to work, care for small children alone or take on other demanding tasks.',
  evidence: [],
  clinicPolicy: true,
};

const WHOM_TO_CALL: DischargeInstruction = {
  id: 'whom-to-call',
  text: 'If you feel unwell, call the clinic. In a crisis call or text 988; in an emergency call 911.',
  evidence: ['lifeline-988'],
};

export const DEFAULT_DISCHARGE_INSTRUCTIONS: Record<TreatmentRoute, readonly DischargeInstruction[]> = {
  esketamine: [
    {
      id: 'no-driving',
      text: 'Do not drive or operate machinery until the next day, after a restful sleep.',
      evidence: ['spravato-pi'],
    },
    REST_OF_DAY,
    WHOM_TO_CALL,
  ],
  'iv-ketamine': [
    {
      id: 'no-driving',
      text: 'Do not drive or operate machinery for the rest of today; someone else takes you home.',
      evidence: [],
      clinicPolicy: true,
    },
    REST_OF_DAY,
    WHOM_TO_CALL,
  ],
};
