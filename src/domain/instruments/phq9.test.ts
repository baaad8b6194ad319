import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Phq9Severity, phq9Definition, scorePhq9 } from './phq9.ts';

const ITEMS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9'];

/** Answers reaching `total`, filling items 1–8 first and item 9 last (so item 9 stays 0 up to 24). */
function answersFor(total: number): Record<string, number> {
  let left = total;
  return Object.fromEntries(
    ITEMS.map((id) => {
      const value = Math.min(3, left);
      left -= value;
      return [id, value];
    }),
  );
}

function expectedSeverity(total: number): Phq9Severity {
  if (total <= 4) return 'minimal';
  if (total <= 9) return 'mild';
  if (total <= 14) return 'moderate';
  if (total <= 19) return 'moderately-severe';
  return 'severe';
}

describe('scorePhq9', () => {
  it.each(Array.from({ length: 28 }, (_, total) => [total, expectedSeverity(total)] as const))(
    'total %i is %s',
    (total, severity) => {
      const result = scorePhq9(answersFor(total));
      expect(result).toMatchObject({ ok: true, instrument: 'phq9', total, severity });
    },
  );

  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately-severe'],
    [19, 'moderately-severe'],
    [20, 'severe'],
    [27, 'severe'],
  ] as const)('band boundary %i is %s, with its band and source', (total, severity) => {
    const result = scorePhq9(answersFor(total));
    if (!result.ok) throw new Error('refused');
    expect(result.severity).toBe(severity);
    expect(result.severityBasis.evidence).toEqual(['kroenke-2001-phq9']);
    expect(result.severityBasis.text).toContain(`total ${total} of 27`);
  });

  it.each([
    [0, false],
    [1, true],
    [2, true],
    [3, true],
  ])('item 9 answered %i: suicide risk %s', (q9, risk) => {
    const result = scorePhq9({ ...answersFor(0), q9 });
    expect(result).toMatchObject({ ok: true, suicideRisk: risk });
    if (result.ok) expect(result.suicideRiskReasons.length > 0).toBe(risk);
  });

  it('meets the contract example: 1,2,3,0,1,2,3,0,1 is 13, moderate, suicide risk', () => {
    const answers = Object.fromEntries(ITEMS.map((id, index) => [id, [1, 2, 3, 0, 1, 2, 3, 0, 1][index]]));
    expect(scorePhq9(answers)).toMatchObject({ total: 13, severity: 'moderate', suicideRisk: true });
  });

  it('flags item 9 from a clinic threshold, and refuses thresholds outside 1–3', () => {
    const answers = { ...answersFor(0), q9: 1 };
    expect(scorePhq9(answers, { suicideRiskAtLeast: 2 })).toMatchObject({ suicideRisk: false });
    expect(scorePhq9({ ...answers, q9: 2 }, { suicideRiskAtLeast: 2 })).toMatchObject({ suicideRisk: true });
    for (const bad of [0, 4, 1.5, -1]) {
      expect(() => scorePhq9(answers, { suicideRiskAtLeast: bad })).toThrow(RangeError);
    }
  });

  it.each([0, 1, 2, 3])('keeps the unscored difficulty answer %i out of the total', (difficulty) => {
    const result = scorePhq9({ ...answersFor(10), difficulty });
    expect(result).toMatchObject({ ok: true, total: 10, difficulty });
  });

  it('accepts a missing difficulty answer as null', () => {
    expect(scorePhq9(answersFor(10))).toMatchObject({ ok: true, difficulty: null });
    expect(scorePhq9({ ...answersFor(10), difficulty: null })).toMatchObject({ ok: true, difficulty: null });
  });

  it.each(ITEMS)('refuses a set without %s, naming the item', (id) => {
    const answers: Record<string, unknown> = answersFor(12);
    delete answers[id];
    const result = scorePhq9(answers);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        { item: id, message: `PHQ-9 item ${id.slice(1)} is not answered (it is always asked)` },
      ]);
    }
  });

  it.each([
    ['q1', -1],
    ['q2', 4],
    ['q3', 1.5],
    ['q4', '1'],
    ['q5', true],
    ['q6', Number.NaN],
    ['q9', 99],
    ['q7', [1]],
    ['q8', {}],
    ['difficulty', 4],
  ])('refuses %s = %j as out of range', (id, value) => {
    const result = scorePhq9({ ...answersFor(12), [id]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((problem) => problem.item)).toEqual([id]);
      expect(result.problems[0]?.message).toMatch(/is not an answer \(0–3\)/);
    }
  });

  it('refuses an unknown item rather than ignoring it', () => {
    const result = scorePhq9({ ...answersFor(5), q10: 1 });
    expect(result).toMatchObject({ ok: false, problems: [{ item: 'q10' }] });
  });

  it.each([null, undefined, 'q1=1', 42, [1, 2, 3]])('refuses %j as an answer set', (answers) => {
    expect(scorePhq9(answers)).toMatchObject({ ok: false, problems: [{ item: null }] });
  });

  it('reports every problem at once', () => {
    const result = scorePhq9({ q1: 4, q2: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((problem) => problem.item)).toEqual([
        'q1',
        'q3',
        'q4',
        'q5',
        'q6',
        'q7',
        'q8',
        'q9',
      ]);
  });

  const validAnswers = fc.tuple(...ITEMS.map(() => fc.integer({ min: 0, max: 3 })));

  it('scores any complete set: total is the sum, severity its band, risk item 9 ≥ 1', () => {
    fc.assert(
      fc.property(validAnswers, (values) => {
        const result = scorePhq9(Object.fromEntries(ITEMS.map((id, index) => [id, values[index]])));
        const total = values.reduce((sum, value) => sum + value, 0);
        expect(result).toMatchObject({
          ok: true,
          total,
          severity: expectedSeverity(total),
          suicideRisk: (values[8] ?? 0) >= 1,
        });
        if (result.ok) expect(Object.keys(result.itemScores).sort()).toEqual([...ITEMS, 'difficulty'].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any set with one bad answer, naming that item', () => {
    const bad = fc.oneof(
      fc.integer({ min: 4, max: 1000 }),
      fc.integer({ min: -1000, max: -1 }),
      fc.double({ noInteger: true }),
      fc.string(),
      fc.boolean(),
    );
    fc.assert(
      fc.property(validAnswers, fc.integer({ min: 0, max: 8 }), bad, (values, index, value) => {
        const answers: Record<string, unknown> = Object.fromEntries(ITEMS.map((id, i) => [id, values[i]]));
        const id = ITEMS[index] as string;
        answers[id] = value;
        const result = scorePhq9(answers);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.problems.map((problem) => problem.item)).toEqual([id]);
      }),
      { numRuns: 200 },
    );
  });

  it('ships the wording with LOINC codes for the panel, total and every item', () => {
    expect(phq9Definition.loinc.panel?.code).toBe('44249-1');
    expect(phq9Definition.loinc.total?.code).toBe('44261-6');
    expect(phq9Definition.items.find((item) => item.id === 'q9')).toMatchObject({
      text: 'Thoughts that you would be better off dead, or of hurting yourself in some way',
      loinc: { code: '44260-8' },
    });
    expect(phq9Definition.items.filter((item) => item.scored)).toHaveLength(9);
  });
});
