import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editProtocol } from './edit.ts';
import {
  ESKETAMINE_SUICIDAL_IDEATION_PROTOCOL as MDSI,
  ESKETAMINE_TRD_PROTOCOL as TRD,
} from './esketamine-intranasal.ts';
import { IV_KETAMINE_PROTOCOL as IV } from './iv-ketamine.ts';
import { type GivenSession, suggestNextDose } from './suggest.ts';
import type { Protocol } from './types.ts';

function session(dose: number, change: Partial<GivenSession> = {}): GivenSession {
  return { phaseId: 'induction', dose, tolerated: true, severeReaction: false, ...change };
}

describe('suggestNextDose', () => {
  it.each([
    [
      IV,
      0.5,
      'mg/kg',
      'First session: 0.5 mg/kg over 40 minutes',
      false,
      ['apa-consensus-2017', 'andrade-2017'],
    ],
    [TRD, 56, 'mg', 'First session: 56 mg', false, ['spravato-pi']],
    [MDSI, 84, 'mg', 'First session: 84 mg', false, ['spravato-pi']],
  ] as const)('starts %#: %d %s', (protocol, dose, unit, reason, clinicPolicy, evidence) => {
    expect(suggestNextDose(protocol, { baselineScore: 30, sessions: [] })).toEqual({
      action: 'start',
      dose,
      unit,
      phaseId: protocol.phases[0]?.id,
      reason,
      clinicPolicy,
      evidence,
      improvementPercent: null,
      applied: false,
    });
  });

  it('keeps a first dose the signed plan set apart from the protocol, and says so', () => {
    expect(suggestNextDose(IV, { baselineScore: 30, sessions: [], plannedFirstDose: 0.75 })).toMatchObject({
      action: 'start',
      dose: 0.75,
      reason:
        'First session: 0.75 mg/kg over 40 minutes, as the signed plan sets it (the protocol starts at 0.5 mg/kg); nothing to titrate before a session is given',
    });
    expect(suggestNextDose(IV, { baselineScore: 30, sessions: [], plannedFirstDose: 0.5 })).toMatchObject({
      action: 'start',
      dose: 0.5,
    });
  });

  it('steps up one step after 2 tolerated sessions with less than 20 % improvement', () => {
    const suggestion = suggestNextDose(IV, {
      baselineScore: 20,
      sessions: [session(0.5, { score: 19 }), session(0.5, { score: 17 })],
    });
    expect(suggestion).toMatchObject({
      action: 'step-up',
      dose: 0.75,
      clinicPolicy: true,
      improvementPercent: 15,
      applied: false,
    });
    expect(suggestion.reason).toBe(
      'Improved only 15 % from baseline (less than 20 %) after 2 tolerated sessions at 0.5 mg/kg: one step up to 0.75 mg/kg',
    );
  });

  it('steps esketamine TRD up from 56 to 84 mg the same way', () => {
    const sessions = [session(56, { score: 30 }), session(56, { score: 29 })];
    expect(suggestNextDose(TRD, { baselineScore: 32, sessions })).toMatchObject({
      action: 'step-up',
      dose: 84,
    });
  });

  it.each([
    [
      'one session only',
      [session(0.5, { score: 19 })],
      20,
      'same',
      /1 tolerated session\(s\) at 0\.5 mg\/kg; a step up is considered after 2/,
    ],
    [
      'exactly 20 % better',
      [session(0.5), session(0.5, { score: 16 })],
      20,
      'same',
      /Improved 20 % from baseline \(at least 20 %\): stay at 0\.5 mg\/kg/,
    ],
    [
      'no baseline',
      [session(0.5, { score: 19 }), session(0.5, { score: 19 })],
      null,
      'same',
      /No baseline score/,
    ],
    [
      'no score at this dose',
      [session(0.5, { score: 19 }), session(0.75), session(0.75)],
      20,
      'same',
      /no score after the sessions at 0\.75 mg\/kg/,
    ],
    [
      'an earlier session not tolerated',
      [session(0.5, { tolerated: false }), session(0.5, { score: 19 })],
      20,
      'same',
      /1 tolerated session\(s\)/,
    ],
    [
      'at the maximum',
      [session(0.75, { score: 20 }), session(0.75, { score: 20 })],
      20,
      'same',
      /0\.75 mg\/kg is the protocol’s maximum/,
    ],
  ] as const)('does not step up with %s', (_, sessions, baselineScore, action, reason) => {
    const suggestion = suggestNextDose(IV, { baselineScore, sessions });
    expect(suggestion.action).toBe(action);
    expect(suggestion.dose).toBe(sessions.at(-1)?.dose);
    expect(suggestion.reason).toMatch(reason);
  });

  it('steps down after a severe reaction when there is a lower step', () => {
    expect(
      suggestNextDose(IV, {
        baselineScore: 20,
        sessions: [session(0.75, { severeReaction: true, tolerated: false })],
      }),
    ).toMatchObject({
      action: 'step-down',
      dose: 0.5,
      reason: 'Severe reaction at 0.75 mg/kg: one step down',
      clinicPolicy: true,
    });
  });

  it('holds after a severe reaction at the lowest step', () => {
    expect(
      suggestNextDose(IV, { baselineScore: 20, sessions: [session(0.5, { severeReaction: true })] }),
    ).toMatchObject({
      action: 'hold',
      dose: null,
      reason: 'Severe reaction at 0.5 mg/kg, already the lowest step: hold until the prescriber has reviewed',
    });
  });

  it('holds after a severe reaction when the clinic chose hold', () => {
    const edited = editProtocol(IV, { intolerance: { notTolerated: 'same', severeReaction: 'hold' } });
    if (!edited.ok) throw new Error('edit refused');
    const suggestion = suggestNextDose(edited.protocol, {
      baselineScore: 20,
      sessions: [session(0.75, { severeReaction: true })],
    });
    expect(suggestion).toMatchObject({ action: 'hold', dose: null });
    expect(
      suggestNextDose(edited.protocol, {
        baselineScore: 20,
        sessions: [session(0.75, { tolerated: false })],
      }),
    ).toMatchObject({ action: 'same', dose: 0.75, reason: '0.75 mg/kg was not tolerated: no step up' });
  });

  it('reduces the label’s 84 mg to 56 mg when it is not tolerated (label, not policy)', () => {
    const suggestion = suggestNextDose(MDSI, {
      baselineScore: 40,
      sessions: [{ phaseId: 'acute', dose: 84, tolerated: false, severeReaction: false }],
    });
    expect(suggestion).toMatchObject({
      action: 'step-down',
      dose: 56,
      clinicPolicy: false,
      evidence: ['spravato-pi'],
    });
  });

  it('never steps the acute-suicidal-ideation schedule up', () => {
    const sessions = [56, 56, 56].map((dose) => ({
      phaseId: 'acute',
      dose,
      tolerated: true,
      severeReaction: false,
      score: 40,
    }));
    expect(suggestNextDose(MDSI, { baselineScore: 40, sessions })).toMatchObject({
      action: 'same',
      dose: 56,
      reason: 'This protocol does not step up: stay at 56 mg',
    });
  });

  it('refuses a history from a phase the protocol does not have', () => {
    expect(() =>
      suggestNextDose(IV, { baselineScore: 20, sessions: [session(0.5, { phaseId: 'nope' })] }),
    ).toThrow(RangeError);
  });
});

describe('suggestNextDose on any history', () => {
  const protocols: Protocol[] = [IV, TRD, MDSI];
  const history = fc.constantFrom(...protocols).chain((protocol) => {
    const phase = protocol.phases[0];
    const steps = phase?.titrationSteps.value ?? [];
    return fc.record({
      protocol: fc.constant(protocol),
      baselineScore: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
      sessions: fc.array(
        fc.record({
          phaseId: fc.constant(phase?.id ?? ''),
          dose: fc.constantFrom(...steps),
          tolerated: fc.boolean(),
          severeReaction: fc.boolean(),
          score: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
        }),
        { maxLength: 8 },
      ),
    });
  });

  it('suggests a dose step within the maximum (or a hold), never applies it, and never steps up after a bad session', () => {
    fc.assert(
      fc.property(history, ({ protocol, baselineScore, sessions }) => {
        const suggestion = suggestNextDose(protocol, { baselineScore, sessions });
        const phase = protocol.phases[0];
        expect(suggestion.applied).toBe(false);
        expect(suggestion.reason.length).toBeGreaterThan(0);
        if (suggestion.dose === null) expect(suggestion.action).toBe('hold');
        else {
          expect(phase?.titrationSteps.value).toContain(suggestion.dose);
          expect(suggestion.dose).toBeLessThanOrEqual(phase?.maxDose.value ?? 0);
        }
        const last = sessions.at(-1);
        if (last && (last.severeReaction || !last.tolerated)) {
          expect(['step-down', 'hold', 'same']).toContain(suggestion.action);
          if (suggestion.dose !== null) expect(suggestion.dose).toBeLessThanOrEqual(last.dose);
        }
        if (suggestion.action === 'step-up') {
          expect(last?.tolerated).toBe(true);
          expect(suggestion.improvementPercent).not.toBeNull();
          expect(suggestion.improvementPercent as number).toBeLessThan(20);
        }
      }),
      { numRuns: 200 },
    );
  });
});
