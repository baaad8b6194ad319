import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MadrsSeverity, madrsDefinition, scoreMadrs } from './madrs.ts';

const ITEMS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10'];

/** Fills items 1–9 first, so item 10 (suicidal thoughts) stays 0 up to a total of 54. */
function answersFor(total: number): Record<string, number> {
  let left = total;
  return Object.fromEntries(
    ITEMS.map((id) => {
      const value = Math.min(6, left);
      left -= value;
      return [id, value];
    }),
  );
}

function expectedSeverity(total: number): MadrsSeverity {
  if (total <= 6) return 'normal';
  if (total <= 19) return 'mild';
  if (total <= 34) return 'moderate';
  return 'severe';
}

describe('scoreMadrs', () => {
  it.each(Array.from({ length: 61 }, (_, total) => [total, expectedSeverity(total)] as const))(
    'total %i is %s',
    (total, severity) => {
      expect(scoreMadrs(answersFor(total))).toMatchObject({ ok: true, instrument: 'madrs', total, severity });
    },
  );

  it.each([
    [0, 'normal'],
    [6, 'normal'],
    [7, 'mild'],
    [19, 'mild'],
    [20, 'moderate'],
    [34, 'moderate'],
    [35, 'severe'],
    [60, 'severe'],
  ] as const)('band boundary %i is %s, a clinic-policy default', (total, severity) => {
    expect(scoreMadrs(answersFor(total))).toMatchObject({
      severity,
      severityBasis: { evidence: ['montgomery-1979-madrs'], clinicPolicy: true },
    });
  });

  it('meets the contract example: all 2s are 20, moderate, no suicide risk', () => {
    const answers = Object.fromEntries(ITEMS.map((id) => [id, 2]));
    expect(scoreMadrs(answers)).toMatchObject({ total: 20, severity: 'moderate', suicideRisk: false });
  });

  it.each([
    [0, false],
    [1, false],
    [2, false],
    [3, false],
    [4, true],
    [5, true],
    [6, true],
  ])('item 10 rated %i: suicide risk %s (clinic default 4)', (q10, risk) => {
    expect(scoreMadrs({ ...answersFor(0), q10 })).toMatchObject({ ok: true, suicideRisk: risk });
  });

  it('takes a clinic threshold for item 10 from 1 to 6', () => {
    expect(scoreMadrs({ ...answersFor(0), q10: 2 }, { suicideRiskAtLeast: 2 })).toMatchObject({
      suicideRisk: true,
    });
    expect(() => scoreMadrs(answersFor(0), { suicideRiskAtLeast: 7 })).toThrow(RangeError);
    expect(() => scoreMadrs(answersFor(0), { suicideRiskAtLeast: 0 })).toThrow(RangeError);
  });

  it.each(ITEMS)('refuses a set without %s, naming it', (id) => {
    const answers: Record<string, unknown> = answersFor(30);
    delete answers[id];
    expect(scoreMadrs(answers)).toMatchObject({ ok: false, problems: [{ item: id }] });
  });

  it.each([
    ['q1', 7],
    ['q10', -1],
    ['q5', 3.5],
  ])('refuses %s = %j as outside 0–6', (id, value) => {
    const result = scoreMadrs({ ...answersFor(30), [id]: value });
    expect(result).toMatchObject({ ok: false, problems: [{ item: id }] });
    if (!result.ok) expect(result.problems[0]?.message).toContain('(0–6)');
  });

  it('ships item names and scoring, never anchor text', () => {
    expect(madrsDefinition.items.map((item) => item.name)[9]).toBe('Suicidal thoughts');
    expect(madrsDefinition.requiresTextPack).toBe(true);
    expect(madrsDefinition.enabled).toBe(true);
  });

  it('scores any complete set as the sum in its band, risk item 10 ≥ 4', () => {
    fc.assert(
      fc.property(fc.tuple(...ITEMS.map(() => fc.integer({ min: 0, max: 6 }))), (values) => {
        const total = values.reduce((sum, value) => sum + value, 0);
        const result = scoreMadrs(Object.fromEntries(ITEMS.map((id, index) => [id, values[index]])));
        expect(result).toMatchObject({
          ok: true,
          total,
          severity: expectedSeverity(total),
          suicideRisk: (values[9] ?? 0) >= 4,
        });
      }),
      { numRuns: 200 },
    );
  });
});
