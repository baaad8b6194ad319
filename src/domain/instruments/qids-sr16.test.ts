import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type QidsSr16Severity, qidsSr16Definition, scoreQidsSr16 } from './qids-sr16.ts';

type Answers = Record<string, number | null>;

/** Items 1–16 in order; `null` for the appetite or weight item not answered. */
function answers(values: readonly (number | null)[]): Answers {
  return Object.fromEntries(values.map((value, index) => [`q${index + 1}`, value]));
}

/** Nine domains: 9 answer slots [sleep, mood, appetite/weight, 10..14, psychomotor] each 0–3. */
function answersFor(total: number): Answers {
  const domains = Array.from({ length: 9 }, () => 0);
  let left = total;
  for (let index = 0; index < 9; index += 1) {
    domains[index] = Math.min(3, left);
    left -= domains[index] ?? 0;
  }
  const [sleep, mood, appetite, q10, q11, q12, q13, q14, motor] = domains as number[];
  return answers([
    sleep,
    0,
    0,
    0,
    mood,
    appetite,
    null,
    0,
    null,
    q10,
    q11,
    q12,
    q13,
    q14,
    motor,
    0,
  ] as number[]);
}

function expectedSeverity(total: number): QidsSr16Severity {
  if (total <= 5) return 'none';
  if (total <= 10) return 'mild';
  if (total <= 15) return 'moderate';
  if (total <= 20) return 'severe';
  return 'very-severe';
}

describe('scoreQidsSr16 (structure and scoring; disabled until a text pack)', () => {
  it('ships disabled, waiting for the clinic’s text', () => {
    expect(qidsSr16Definition.enabled).toBe(false);
    expect(qidsSr16Definition.requiresTextPack).toBe(true);
    expect(qidsSr16Definition.licence.shipsText).toBe(false);
  });

  it.each(Array.from({ length: 28 }, (_, total) => [total, expectedSeverity(total)] as const))(
    'total %i is %s',
    (total, severity) => {
      expect(scoreQidsSr16(answersFor(total))).toMatchObject({ ok: true, total, severity });
    },
  );

  it.each([
    [5, 'none'],
    [6, 'mild'],
    [10, 'mild'],
    [11, 'moderate'],
    [15, 'moderate'],
    [16, 'severe'],
    [20, 'severe'],
    [21, 'very-severe'],
  ] as const)('band boundary %i is %s', (total, severity) => {
    expect(scoreQidsSr16(answersFor(total))).toMatchObject({
      severity,
      severityBasis: { evidence: ['rush-2003-qids'] },
    });
  });

  it('takes the highest sleep, appetite/weight and psychomotor item, not their sum', () => {
    const result = scoreQidsSr16(answers([1, 3, 2, 0, 1, 1, null, null, 2, 1, 1, 0, 1, 1, 2, 3]));
    // sleep 3 + mood 1 + weight 2 + 1 + 1 + 0 + 1 + 1 + psychomotor 3
    expect(result).toMatchObject({ ok: true, total: 13, severity: 'moderate', suicideRisk: false });
  });

  it.each([
    [0, false],
    [1, true],
    [3, true],
  ])('item 12 answered %i: suicide risk %s (clinic default)', (q12, risk) => {
    const set = { ...answersFor(0), q12 };
    expect(scoreQidsSr16(set)).toMatchObject({ ok: true, suicideRisk: risk });
  });

  it.each([
    [{ q6: 1, q7: 1 }, 'q6', /answer item 6 or item 7, not both/],
    [{ q6: null, q7: null }, 'q6', /answer item 6 or item 7; neither is answered/],
    [{ q8: 1, q9: 2 }, 'q8', /answer item 8 or item 9, not both/],
    [{ q8: null, q9: null }, 'q8', /item 8 or item 9; neither/],
    [{ q1: null }, 'q1', /item 1 is not answered/],
    [{ q16: 4 }, 'q16', /item 16: 4 is not an answer \(0–3\)/],
  ])('refuses %j', (change, item, message) => {
    const result = scoreQidsSr16({ ...answersFor(12), ...change });
    expect(result).toMatchObject({ ok: false, problems: [{ item }] });
    if (!result.ok) expect(result.problems[0]?.message).toMatch(message);
  });

  it('scores any complete set within 0–27 by the nine-domain rule', () => {
    const score = fc.integer({ min: 0, max: 3 });
    fc.assert(
      fc.property(
        fc.array(score, { minLength: 16, maxLength: 16 }),
        fc.boolean(),
        fc.boolean(),
        (v, six, eight) => {
          const set = answers(
            v.map((value, index) => (index === (six ? 6 : 5) || index === (eight ? 8 : 7) ? null : value)),
          );
          const at = (n: number) => set[`q${n}`] ?? 0;
          const expected =
            Math.max(at(1), at(2), at(3), at(4)) +
            at(5) +
            Math.max(at(6), at(7), at(8), at(9)) +
            at(10) +
            at(11) +
            at(12) +
            at(13) +
            at(14) +
            Math.max(at(15), at(16));
          const result = scoreQidsSr16(set);
          expect(result).toMatchObject({ ok: true, total: expected, severity: expectedSeverity(expected) });
          expect(expected).toBeLessThanOrEqual(27);
        },
      ),
      { numRuns: 200 },
    );
  });
});
