import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCompactAnswers } from './compact-answers.ts';
import { cssrsScreenerDefinition } from './cssrs-screener.ts';
import { madrsDefinition } from './madrs.ts';
import { phq9Definition } from './phq9.ts';

describe('parseCompactAnswers', () => {
  it('maps values to items in list order, "-" to not answered', () => {
    expect(parseCompactAnswers(cssrsScreenerDefinition, '1,1,1,0,0,0,-')).toEqual({
      ok: true,
      answers: { q1: 1, q2: 1, q3: 1, q4: 0, q5: 0, q6: 0, q6b: null },
    });
  });

  it('leaves the unscored PHQ-9 difficulty question out of the list', () => {
    const parsed = parseCompactAnswers(phq9Definition, '1,2,3,0,1,2,3,0,1');
    expect(parsed).toMatchObject({ ok: true });
    if (parsed.ok) expect(Object.keys(parsed.answers)).not.toContain('difficulty');
  });

  it('allows spaces around values', () => {
    expect(parseCompactAnswers(madrsDefinition, ' 2, 2,2 ,2,2,2,2,2,2,2 ')).toMatchObject({ ok: true });
  });

  it.each([
    ['1,2,3,0,1,2,3,0', 'q9', 'PHQ-9 takes 9 answers, one per item in order; got 8 (item 9 is missing)'],
    ['', 'q1', 'PHQ-9 takes 9 answers, one per item in order; got 0 (item 1 is missing)'],
    ['1,2,3,0,1,2,3,0,1,0', null, 'PHQ-9 takes 9 answers, one per item in order; got 10'],
    ['1,2,3,0,1,2,3,0,1,', null, 'PHQ-9 takes 9 answers, one per item in order; got 10'],
  ])('refuses %j for the wrong count', (text, item, message) => {
    expect(parseCompactAnswers(phq9Definition, text)).toEqual({ ok: false, problems: [{ item, message }] });
  });

  it.each([
    ['x', /item 1: "x" is not an answer \(0–3\)$/],
    ['01', /"01" is not an answer/],
    ['1.0', /"1.0" is not an answer/],
    ['+1', /"\+1" is not an answer/],
    ['', /"" is not an answer/],
    ['1e0', /"1e0" is not an answer/],
  ])('refuses the token %j, naming the item', (token, message) => {
    const parsed = parseCompactAnswers(phq9Definition, `${token},0,0,0,0,0,0,0,0`);
    expect(parsed).toMatchObject({ ok: false, problems: [{ item: 'q1' }] });
    if (!parsed.ok) expect(parsed.problems[0]?.message).toMatch(message);
  });

  it('offers "-" only where an item may go unasked', () => {
    const parsed = parseCompactAnswers(cssrsScreenerDefinition, 'y,0,-,-,-,0,-');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems[0]?.message).toBe(
        'C-SSRS Screener Q1: "y" is not an answer (0 = no, 1 = yes, or - for not asked)',
      );
    }
  });

  it('reads back any list it could have written', () => {
    const value = fc.oneof(fc.constant(null), fc.nat({ max: 10_000 }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 10, maxLength: 10 }), (values) => {
        const text = values.map((v) => (v === null ? '-' : String(v))).join(',');
        const parsed = parseCompactAnswers(madrsDefinition, text);
        expect(parsed).toEqual({
          ok: true,
          answers: Object.fromEntries(values.map((v, index) => [`q${index + 1}`, v])),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any list of the wrong length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('0', '1', '-'), { maxLength: 20 }).filter((values) => values.length !== 7),
        (values) => {
          const parsed = parseCompactAnswers(cssrsScreenerDefinition, values.join(','));
          expect(parsed.ok).toBe(false);
          if (!parsed.ok) expect(parsed.problems[0]?.message).toMatch(/takes 7 answers/);
        },
      ),
      { numRuns: 200 },
    );
  });
});
