import { describe, expect, it } from 'vitest';
import { ESKETAMINE_TRD_PROTOCOL } from '../protocols/esketamine-intranasal.ts';
import { IV_KETAMINE_PROTOCOL } from '../protocols/iv-ketamine.ts';
import type { Protocol, ProtocolPhase } from '../protocols/types.ts';
import {
  DEFAULT_DISCHARGE_INSTRUCTIONS,
  DISCHARGE_SCORES,
  type DischargeState,
  dischargeScoreOf,
  evaluateDischarge,
  scoreDischarge,
} from './discharge.ts';
import { DEFAULT_ALERT_THRESHOLDS } from './vitals.ts';

const MIN = 60_000;
const start = Date.UTC(2026, 10, 27, 9, 0);
const at = (minutes: number) => start + minutes * MIN;
function firstPhase(protocol: Protocol): ProtocolPhase {
  const [phase] = protocol.phases;
  if (!phase) throw new Error(`${protocol.id} has no phase`);
  return phase;
}
const esketaminePhase = firstPhase(ESKETAMINE_TRD_PROTOCOL);
const ivPhase = firstPhase(IV_KETAMINE_PROTOCOL);

function esketamineReady(overrides: Partial<DischargeState> = {}): DischargeState {
  return {
    monitoring: esketaminePhase.monitoring.value,
    doseStartedAt: start,
    now: at(125),
    criteria: esketaminePhase.discharge,
    confirmed: new Set(esketaminePhase.discharge.map((c) => c.id)),
    lastVitals: {
      at: at(120),
      vitals: { systolicMmHg: 128, diastolicMmHg: 82, spo2Percent: 98, heartRateBpm: 72 },
    },
    thresholds: DEFAULT_ALERT_THRESHOLDS,
    latestMoaas: 5,
    latestDissociation: 0,
    unacknowledgedAlerts: 0,
    vitalsWithinMin: 15,
    ...overrides,
  };
}

const gapIds = (state: DischargeState) => evaluateDischarge(state).gaps.map((g) => g.id);

describe('discharge readiness', () => {
  it('is ready when every rule is met', () => {
    expect(evaluateDischarge(esketamineReady())).toEqual({
      ready: true,
      monitoringEndsAt: at(120),
      gaps: [],
    });
  });

  it('enforces the 2-hour minimum after esketamine, saying how long is left', () => {
    const result = evaluateDischarge(
      esketamineReady({ now: at(100), lastVitals: { at: at(95), vitals: {} } }),
    );
    expect(result.ready).toBe(false);
    expect(result.gaps[0]).toEqual({
      id: 'minimum-monitoring',
      text: 'Minimum monitoring time of 120 min not reached (20 min left)',
    });
  });

  it('counts IV monitoring from the end of the infusion, and refuses while it runs', () => {
    const base = esketamineReady({
      monitoring: ivPhase.monitoring.value,
      criteria: ivPhase.discharge,
      confirmed: new Set(ivPhase.discharge.map((c) => c.id)),
    });
    expect(gapIds({ ...base, infusionEndedAt: null })).toContain('infusion-running');
    const ended = evaluateDischarge({ ...base, infusionEndedAt: at(40), now: at(95) });
    expect(ended.monitoringEndsAt).toBe(at(100));
    expect(ended.gaps.map((g) => g.id)).toEqual(['minimum-monitoring']);
  });

  it('needs recent vital signs inside the alert thresholds', () => {
    expect(gapIds(esketamineReady({ lastVitals: null }))).toEqual(['vitals-before-discharge']);
    expect(gapIds(esketamineReady({ lastVitals: { at: at(100), vitals: {} } }))).toEqual([
      'vitals-before-discharge',
    ]);
    expect(gapIds(esketamineReady({ lastVitals: { at: at(120), vitals: { systolicMmHg: 185 } } }))).toEqual([
      'vitals-systolic-high',
    ]);
  });

  it('needs sedation and dissociation resolved and every alert acknowledged', () => {
    expect(gapIds(esketamineReady({ latestMoaas: 4 }))).toEqual(['sedation-resolved']);
    expect(gapIds(esketamineReady({ latestMoaas: null }))).toEqual(['sedation-resolved']);
    expect(gapIds(esketamineReady({ latestDissociation: 1 }))).toEqual(['dissociation-resolved']);
    expect(gapIds(esketamineReady({ unacknowledgedAlerts: 2 }))).toEqual(['alerts-acknowledged']);
  });

  it('lists each protocol criterion the nurse has not confirmed', () => {
    const [first, ...rest] = esketaminePhase.discharge;
    expect(gapIds(esketamineReady({ confirmed: new Set(rest.map((c) => c.id)) }))).toEqual([first?.id]);
  });
});

describe('discharge scores (modified Aldrete, PADSS)', () => {
  const [aldrete] = DISCHARGE_SCORES;
  if (!aldrete) throw new Error('scores exist');

  it('passes at 9 or more of 10', () => {
    expect(scoreDischarge(aldrete, [2, 2, 2, 2, 1])).toEqual({ total: 9, passed: true });
    expect(scoreDischarge(aldrete, [2, 2, 2, 1, 1])).toEqual({ total: 8, passed: false });
  });

  it('refuses a wrong number of items or a score outside 0–2', () => {
    expect(() => scoreDischarge(aldrete, [2, 2, 2, 2])).toThrow(/5 item scores/);
    expect(() => scoreDischarge(aldrete, [2, 2, 2, 2, 3])).toThrow(/0 to 2/);
  });

  it('are clinic policy with the items of the instrument notes; PADSS adds an escort', () => {
    expect(dischargeScoreOf('checklist')).toBeUndefined();
    const padss = dischargeScoreOf('padss');
    expect(padss?.items).toEqual([
      'Vital signs',
      'Activity and mental status',
      'Pain',
      'Nausea or vomiting',
      'Bleeding',
    ]);
    expect(padss?.criteria.map((c) => c.id)).toEqual(['padss-accompanied']);
    for (const score of DISCHARGE_SCORES) {
      expect(score).toMatchObject({ passAtLeast: 9, clinicPolicy: true });
      expect(score.items).toHaveLength(5);
    }
  });

  it('keep the patient until a passing score is recorded, when the clinic discharges by score', () => {
    expect(
      evaluateDischarge(esketamineReady({ score: { definition: aldrete, itemScores: null } })).gaps,
    ).toEqual([{ id: 'discharge-score', text: 'Modified Aldrete score not recorded' }]);
    expect(gapIds(esketamineReady({ score: { definition: aldrete, itemScores: [2, 2, 2, 1, 1] } }))).toEqual([
      'discharge-score',
    ]);
    expect(
      evaluateDischarge(esketamineReady({ score: { definition: aldrete, itemScores: [2, 2, 2, 1, 1] } }))
        .gaps[0]?.text,
    ).toBe('Modified Aldrete score 8 of 10 (at least 9 to leave)');
    expect(gapIds(esketamineReady({ score: { definition: aldrete, itemScores: [2, 2, 2, 2, 1] } }))).toEqual(
      [],
    );
  });
});

describe('discharge instructions', () => {
  it('cites the label for the esketamine driving rule and marks the rest-of-day advice as policy', () => {
    const byId = new Map(DEFAULT_DISCHARGE_INSTRUCTIONS.esketamine.map((i) => [i.id, i]));
    expect(byId.get('no-driving')?.evidence).toEqual(['spravato-pi']);
    expect(byId.get('rest-of-day')?.clinicPolicy).toBe(true);
    expect(byId.get('whom-to-call')?.text).toMatch(/988/);
  });
});
