import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CssrsRisk, cssrsScreenerDefinition, scoreCssrsScreener } from './cssrs-screener.ts';

const ORDER = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q6b'] as const;
type Answers = Partial<Record<(typeof ORDER)[number], number | null>>;
const RANK: readonly CssrsRisk[] = ['none', 'low', 'moderate', 'high'];

/** "1,1,1,0,0,0,-" in the order Q1–Q5, Q6, Q6 within 3 months. */
function answers(compact: string): Answers {
  const values = compact.split(',');
  return Object.fromEntries(
    ORDER.map((id, index) => [id, values[index] === '-' ? null : Number(values[index])]),
  );
}

/** The triage of the clinical reference, written as the reference states it. */
function triage(a: Answers): CssrsRisk {
  if (a.q4 === 1 || a.q5 === 1 || a.q6b === 1) return 'high';
  if (a.q3 === 1 || (a.q6 === 1 && a.q6b === 0)) return 'moderate';
  if (a.q1 === 1 || a.q2 === 1) return 'low';
  return 'none';
}

function allValidSets(): Answers[] {
  const sets: Answers[] = [];
  const followUps = (q2: number) =>
    q2 === 0
      ? [[null, null, null]]
      : [0, 1].flatMap((q3) => [0, 1].flatMap((q4) => [0, 1].map((q5) => [q3, q4, q5])));
  for (const q1 of [0, 1])
    for (const q2 of [0, 1])
      for (const [q3, q4, q5] of followUps(q2))
        for (const q6 of [0, 1])
          for (const q6b of q6 === 1 ? [0, 1] : [null]) sets.push({ q1, q2, q3, q4, q5, q6, q6b });
  return sets;
}

describe('scoreCssrsScreener', () => {
  it.each([
    ['0,0,-,-,-,0,-', 'none'],
    ['1,0,-,-,-,0,-', 'low'],
    ['0,1,0,0,0,0,-', 'low'],
    ['1,1,0,0,0,0,-', 'low'],
    ['0,1,1,0,0,0,-', 'moderate'],
    ['1,1,1,0,0,0,-', 'moderate'],
    ['0,0,-,-,-,1,0', 'moderate'],
    ['0,1,0,1,0,0,-', 'high'],
    ['0,1,0,0,1,0,-', 'high'],
    ['0,0,-,-,-,1,1', 'high'],
    ['1,1,1,1,1,1,1', 'high'],
    ['1,0,-,-,-,1,0', 'moderate'],
    ['0,1,1,0,0,1,1', 'high'],
  ] as const)('%s is %s risk', (compact, risk) => {
    const result = scoreCssrsScreener(answers(compact));
    expect(result).toMatchObject({
      ok: true,
      instrument: 'cssrs-screener',
      total: null,
      severity: risk,
      suicideRisk: risk !== 'none',
      immediateEvaluation: risk === 'high',
      severityBasis: { evidence: ['cssrs-screener'] },
    });
  });

  it('meets the contract example: 1,1,1,0,0,0,- is moderate with suicide risk', () => {
    const result = scoreCssrsScreener(answers('1,1,1,0,0,0,-'));
    expect(result).toMatchObject({ total: null, severity: 'moderate', suicideRisk: true });
    if (result.ok) {
      expect(result.severityBasis.text).toBe('yes to Q3 (thinking about a method)');
      expect(result.suicideRiskReasons).toHaveLength(3);
    }
  });

  const valid = allValidSets();

  it('enumerates the 54 answer sets the skip rules allow', () => {
    expect(valid).toHaveLength(54);
  });

  it.each(valid.map((set) => [ORDER.map((id) => set[id] ?? '-').join(','), set] as const))(
    '%s scores as the reference triage says',
    (_, set) => {
      expect(scoreCssrsScreener(set)).toMatchObject({ ok: true, severity: triage(set) });
    },
  );

  it('never lowers the risk when an answer turns from no to yes', () => {
    const yesSet = (set: Answers) => ORDER.filter((id) => set[id] === 1);
    const risk = (set: Answers) => {
      const result = scoreCssrsScreener(set);
      if (!result.ok) throw new Error('refused');
      return RANK.indexOf(result.severity);
    };
    for (const a of valid) {
      for (const b of valid) {
        const aYes = yesSet(a);
        if (aYes.every((id) => b[id] === 1)) expect(risk(a)).toBeLessThanOrEqual(risk(b));
      }
    }
  });

  it.each([
    ['-,0,-,-,-,0,-', ['q1'], /Q1 is not answered/],
    ['0,-,-,-,-,0,-', ['q2'], /Q2 is not answered/],
    ['0,0,-,-,-,-,-', ['q6'], /Q6 is not answered/],
    ['0,0,1,-,-,0,-', ['q3'], /Q3 is asked only when Q2 is yes; Q2 is no/],
    ['0,0,0,0,0,0,-', ['q3', 'q4', 'q5'], /asked only when Q2 is yes/],
    ['0,1,-,0,0,0,-', ['q3'], /Q3 is not answered \(Q2 is yes\)/],
    ['0,1,0,0,-,0,-', ['q5'], /Q5 is not answered/],
    ['0,0,-,-,-,0,1', ['q6b'], /Q6 within 3 months is asked only when Q6 is yes/],
    ['0,0,-,-,-,0,0', ['q6b'], /asked only when Q6 is yes/],
    ['0,0,-,-,-,1,-', ['q6b'], /Q6 within 3 months is not answered \(Q6 is yes\)/],
    ['2,0,-,-,-,0,-', ['q1'], /Q1: 2 is not an answer \(0 = no, 1 = yes\)/],
    ['0,2,1,1,1,0,-', ['q2'], /Q2: 2 is not an answer/],
    ['0,0,-,-,-,-1,-', ['q6'], /Q6: -1 is not an answer/],
  ] as const)('refuses %s, naming %j', (compact, items, message) => {
    const result = scoreCssrsScreener(answers(compact));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((problem) => problem.item)).toEqual(items);
      expect(result.problems.map((problem) => problem.message).join('; ')).toMatch(message);
    }
  });

  it('scores or refuses any answer object, never guessing', () => {
    const value = fc.constantFrom(0, 1, null, undefined, 2, -1, '1', true);
    const isValid = (a: Record<string, unknown>) =>
      valid.some((set) => ORDER.every((id) => (set[id] ?? null) === (a[id] ?? null)));
    fc.assert(
      fc.property(fc.record(Object.fromEntries(ORDER.map((id) => [id, value]))), (a) => {
        const result = scoreCssrsScreener(a);
        expect(result.ok).toBe(isValid(a));
        if (result.ok) expect(result.severity).toBe(triage(a as Answers));
        else for (const problem of result.problems) expect(ORDER).toContain(problem.item);
      }),
      { numRuns: 200 },
    );
  });

  it('ships the wording, LOINC item codes and the copyright line', () => {
    expect(cssrsScreenerDefinition.items.map((item) => item.loinc?.code)).toEqual([
      '93246-7',
      '93247-5',
      '93248-3',
      '93249-1',
      '93250-9',
      '93267-3',
      '93269-9',
    ]);
    expect(cssrsScreenerDefinition.licence.copyright).toContain('Kelly Posner');
    expect(cssrsScreenerDefinition.loinc.riskLevel?.code).toBe('93374-7');
  });
});
