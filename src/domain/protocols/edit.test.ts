import { describe, expect, it } from 'vitest';
import { copyProtocol, editProtocol, type ProtocolChange, type ProtocolEdit } from './edit.ts';
import {
  ESKETAMINE_SUICIDAL_IDEATION_PROTOCOL as MDSI,
  ESKETAMINE_TRD_PROTOCOL as TRD,
} from './esketamine-intranasal.ts';
import { IV_KETAMINE_PROTOCOL as IV } from './iv-ketamine.ts';
import type { Protocol, ProtocolPhase } from './types.ts';
import { validateProtocol } from './validate.ts';

function ok(change: ProtocolChange) {
  if (!change.ok) throw new Error(change.problems.map((p) => `${p.phaseId}: ${p.message}`).join('; '));
  return change;
}

function phase(protocol: Protocol, id: string): ProtocolPhase {
  const found = protocol.phases.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no phase ${id}`);
  return found;
}

function problems(change: ProtocolChange): string[] {
  return change.ok ? [] : change.problems.map((problem) => problem.message);
}

describe('copyProtocol', () => {
  it('makes version 1 of a new protocol that remembers its origin', () => {
    const { protocol, warnings } = ok(
      copyProtocol(IV, { id: 'riverside-iv', name: ' Riverside IV ketamine ' }),
    );
    expect(protocol).toMatchObject({
      id: 'riverside-iv',
      name: 'Riverside IV ketamine',
      version: 1,
      basedOn: { id: 'iv-ketamine-standard', version: 1 },
    });
    expect(protocol.phases).toEqual(IV.phases);
    expect(warnings).toEqual([]);
  });

  it('copies an edited version with its version number', () => {
    const edited = ok(editProtocol(IV, { name: 'IV v2' })).protocol;
    expect(ok(copyProtocol(edited, { id: 'copy', name: 'Copy' })).protocol.basedOn).toEqual({
      id: 'iv-ketamine-standard',
      version: 2,
    });
  });

  it.each([
    [{ id: 'iv-ketamine-standard', name: 'Same id' }, 'a copy needs an id of its own'],
    [{ id: 'Not Kebab', name: 'Bad id' }, 'the protocol id must be kebab-case'],
    [{ id: 'no-name', name: '  ' }, 'the protocol name is empty'],
  ])('refuses %j', (copy, message) => {
    expect(problems(copyProtocol(IV, copy))).toContain(message);
  });
});

describe('editProtocol', () => {
  it('makes the next version and marks what changed as clinic policy', () => {
    const { protocol } = ok(
      editProtocol(IV, { phases: { induction: { sessions: 8, withinWeeks: { min: 3, max: 4 } } } }),
    );
    expect(protocol.version).toBe(2);
    expect(protocol.id).toBe(IV.id);
    expect(phase(protocol, 'induction').length).toMatchObject({
      value: { kind: 'sessions', sessions: 8, withinWeeks: { min: 3, max: 4 } },
      clinicPolicy: true,
    });
    expect(phase(IV, 'induction').length.value).toMatchObject({ sessions: 6 });
  });

  it('turns a sourced value into clinic policy when an admin changes it', () => {
    const { protocol } = ok(
      editProtocol(IV, { phases: { induction: { startDose: 0.75, infusionMinutes: 60 } } }),
    );
    expect(phase(protocol, 'induction').dose).toMatchObject({
      value: { startDose: 0.75, infusionMinutes: 60 },
      evidence: ['apa-consensus-2017', 'andrade-2017'],
      clinicPolicy: true,
    });
  });

  it('lets a clinic raise the IV maximum above 0.75 mg/kg, as clinic policy with a warning', () => {
    const change = ok(
      editProtocol(IV, { phases: { induction: { titrationSteps: [0.5, 0.75, 1], maxDose: 1 } } }),
    );
    const induction = phase(change.protocol, 'induction');
    expect(induction.maxDose).toMatchObject({ value: 1, clinicPolicy: true });
    expect(change.warnings).toEqual([
      'Induction series: a maximum of 1 mg/kg exceeds the evidence in the reference (up to 0.75 mg/kg); it is clinic policy',
    ]);
  });

  it('edits the titration rule and the minimum interval', () => {
    const { protocol } = ok(
      editProtocol(TRD, {
        stepUp: { afterSessions: 3, improvementBelowPercent: 25, requireTolerated: true },
        phases: { induction: { minDaysBetweenSessions: 3 } },
      }),
    );
    expect(protocol.titration.stepUp).toMatchObject({ value: { afterSessions: 3 }, clinicPolicy: true });
    expect(phase(protocol, 'induction').minDaysBetweenSessions.value).toBe(3);
  });

  it('lets an esketamine clinic monitor longer than 2 hours, and choose weekly from week 9', () => {
    const { protocol } = ok(
      editProtocol(TRD, {
        phases: { induction: { monitoringMinutes: 150 }, 'maintenance-week-9-on': { everyWeeks: 1 } },
      }),
    );
    expect(phase(protocol, 'induction').monitoring).toMatchObject({
      value: { minMinutes: 150 },
      clinicPolicy: true,
    });
    const week9 = phase(protocol, 'maintenance-week-9-on').frequency;
    expect(week9.value).toMatchObject({ everyWeeks: 1, choices: [1, 2] });
    expect(week9.clinicPolicy).toBeUndefined();
  });

  it('adds clinic discharge rules and removes only clinic-policy ones', () => {
    const { protocol } = ok(
      editProtocol(IV, {
        phases: {
          induction: {
            addDischarge: [{ id: 'snack', text: 'Has eaten a light snack' }],
            removeDischarge: ['rest-of-day'],
          },
        },
      }),
    );
    const ids = phase(protocol, 'induction').discharge.map((item) => item.id);
    expect(ids).toContain('snack');
    expect(ids).not.toContain('rest-of-day');
    expect(phase(protocol, 'induction').discharge.at(-1)).toEqual({
      id: 'snack',
      text: 'Has eaten a light snack',
      evidence: [],
      clinicPolicy: true,
    });
  });

  const REFUSED = [
    [
      TRD,
      { phases: { induction: { sessionsPerWeek: 3 } } },
      'sessionsPerWeek is fixed by the esketamine label',
    ],
    [TRD, { phases: { induction: { weeks: 6 } } }, 'weeks is fixed by the esketamine label'],
    [
      TRD,
      { phases: { induction: { titrationSteps: [28, 56] } } },
      'esketamine doses are 56 or 84 mg (the label’s adult doses)',
    ],
    [
      TRD,
      { phases: { induction: { titrationSteps: [56, 84, 112], maxDose: 112 } } },
      'esketamine doses are 56 or 84 mg (the label’s adult doses)',
    ],
    [
      TRD,
      { phases: { induction: { monitoringMinutes: 90 } } },
      'esketamine needs at least 120 minutes of monitoring from the dose (label and REMS)',
    ],
    [
      TRD,
      { phases: { 'maintenance-week-9-on': { everyWeeks: 4 } } },
      'the interval must be one of 1 or 2 weeks',
    ],
    [
      TRD,
      { phases: { induction: { removeDischarge: ['no-driving-until-next-day'] } } },
      'the discharge rule no-driving-until-next-day rests on a source and stays',
    ],
    [TRD, { phases: { induction: { removeDischarge: ['nope'] } } }, 'there is no discharge rule nope'],
    [MDSI, { phases: { acute: { startDose: 70 } } }, 'the starting dose must be a titration step'],
    [
      IV,
      { phases: { induction: { maxDose: 2.5, titrationSteps: [0.5, 2.5] } } },
      'the maximum dose must be at most 2 mg/kg',
    ],
    [
      IV,
      { phases: { induction: { titrationSteps: [0.75, 0.5] } } },
      'the titration steps must be positive and ascending',
    ],
    [
      IV,
      { phases: { induction: { titrationSteps: [0.5, 0.75, 1] } } },
      'every titration step must be at most the maximum dose',
    ],
    [IV, { phases: { induction: { startDose: 0.6 } } }, 'the starting dose must be a titration step'],
    [
      IV,
      { phases: { induction: { infusionMinutes: 0 } } },
      'the infusion time must be above 0 and at most 240 minutes',
    ],
    [
      IV,
      { phases: { induction: { sessions: 0 } } },
      'the number of sessions must be a whole number from 1 to 30',
    ],
    [IV, { phases: { induction: { sessions: 12 } } }, '12 sessions at 2 a week do not fit in 3 weeks'],
    [
      IV,
      { phases: { induction: { sessionsPerWeek: 4 } } },
      'sessions per week must be whole numbers from 1 to 7, the default among the choices',
    ],
    [
      IV,
      { phases: { induction: { sessionsPerWeekChoices: [2, 3, 4], minDaysBetweenSessions: 3 } } },
      '4 sessions a week cannot be 3 days apart within one week',
    ],
    [
      IV,
      { phases: { induction: { minDaysBetweenSessions: 0 } } },
      'the minimum interval must be a whole number of days from 1 to 28',
    ],
    [IV, { phases: { induction: { weeks: 3 } } }, 'this phase is not a number of weeks'],
    [IV, { phases: { induction: { everyWeeks: 2 } } }, 'this phase is not every so many weeks'],
    [TRD, { phases: { induction: { sessions: 3 } } }, 'this phase is not a number of sessions'],
    [IV, { phases: { nope: { sessions: 3 } } }, 'there is no such phase'],
    [
      IV,
      { phases: { induction: { addDischarge: [{ id: 'rest-of-day', text: 'again' }] } } },
      'a new discharge rule needs a new kebab-case id, not "rest-of-day"',
    ],
    [
      IV,
      { phases: { induction: { addDischarge: [{ id: 'blank', text: ' ' }] } } },
      'the discharge rule blank has no text',
    ],
    [
      IV,
      { stepUp: { afterSessions: 0, improvementBelowPercent: 20, requireTolerated: true } },
      'the step-up rule needs 1–12 sessions and an improvement threshold above 0 and at most 100 %',
    ],
    [IV, { name: ' ' }, 'the protocol name is empty'],
    [IV, {}, 'the edit changes nothing'],
    [IV, { phases: { induction: { sessions: 6 } } }, 'the edit changes nothing'],
  ] as const;

  it.each(REFUSED.map(([protocol, edit, message]) => [message, protocol, edit] as const))(
    'refuses: %s',
    (message, protocol, edit) => {
      expect(problems(editProtocol(protocol, edit as ProtocolEdit))).toContain(message);
    },
  );

  it('never yields an invalid protocol', () => {
    const edits: ProtocolEdit[] = [
      { phases: { induction: { sessions: 4, withinWeeks: { min: 2, max: 2 } } } },
      { phases: { induction: { sessionsPerWeek: 2 } } },
      { intolerance: { notTolerated: 'same', severeReaction: 'hold' } },
      { stepUp: null },
    ];
    for (const edit of edits) {
      const { protocol } = ok(editProtocol(IV, edit));
      expect(validateProtocol(protocol).problems).toEqual([]);
    }
  });
});
