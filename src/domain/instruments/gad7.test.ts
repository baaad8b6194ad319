import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Gad7Severity, gad7Definition, scoreGad7 } from './gad7.ts';

const ITEMS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'];

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

function expectedSeverity(total: number): Gad7Severity {
  if (total <= 4) return 'minimal';
  if (total <= 9) return 'mild';
  if (total <= 14) return 'moderate';
  return 'severe';
}

describe('scoreGad7', () => {
  it.each(Array.from({ length: 22 }, (_, total) => [total, expectedSeverity(total)] as const))(
    'total %i is %s, never a suicide-risk answer',
    (total, severity) => {
      expect(scoreGad7(answersFor(total))).toMatchObject({ ok: true, total, severity, suicideRisk: false });
    },
  );

  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ] as const)('band boundary %i is %s', (total, severity) => {
    const result = scoreGad7(answersFor(total));
    expect(result).toMatchObject({ severity, severityBasis: { evidence: ['spitzer-2006-gad7'] } });
  });

  it('meets the contract example: all 3s are 21, severe, no suicide risk', () => {
    expect(scoreGad7(answersFor(21))).toMatchObject({ total: 21, severity: 'severe', suicideRisk: false });
  });

  it.each(ITEMS)('refuses a set without %s, naming it', (id) => {
    const answers: Record<string, unknown> = answersFor(9);
    delete answers[id];
    expect(scoreGad7(answers)).toMatchObject({ ok: false, problems: [{ item: id }] });
  });

  it.each([
    ['q1', 4],
    ['q7', -1],
    ['q3', 2.5],
    ['q4', '2'],
  ])('refuses %s = %j', (id, value) => {
    expect(scoreGad7({ ...answersFor(9), [id]: value })).toMatchObject({
      ok: false,
      problems: [{ item: id }],
    });
  });

  it('refuses a PHQ-9 style eighth or ninth item', () => {
    expect(scoreGad7({ ...answersFor(9), q8: 0 })).toMatchObject({ ok: false, problems: [{ item: 'q8' }] });
  });

  it('has no suicide rule, and says so', () => {
    expect(gad7Definition.suicideRisk).toBeNull();
  });

  it('scores any complete set as the sum in its band, without suicide risk', () => {
    fc.assert(
      fc.property(fc.tuple(...ITEMS.map(() => fc.integer({ min: 0, max: 3 }))), (values) => {
        const total = values.reduce((sum, value) => sum + value, 0);
        const result = scoreGad7(Object.fromEntries(ITEMS.map((id, index) => [id, values[index]])));
        expect(result).toMatchObject({
          ok: true,
          total,
          severity: expectedSeverity(total),
          suicideRisk: false,
        });
      }),
      { numRuns: 200 },
    );
  });
});
