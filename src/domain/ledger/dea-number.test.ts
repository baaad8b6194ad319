import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deaCheckDigit, deaNumberProblem } from './dea-number.ts';

describe('DEA number', () => {
  it.each([
    ['AB1234563', null],
    ['AP5836727', null],
    ['BJ5184279', null],
    ['FD0000000', null],
    ['AB1234564', 'checkDigit'],
    ['AB4523763', 'checkDigit'],
    ['RH0123456', 'checkDigit'],
    ['AB123456', 'format'],
    ['AB12345630', 'format'],
    ['A11234563', 'format'],
    ['ab1234563', 'format'],
    ['AB 1234563', 'format'],
    ['', 'format'],
  ])('%s → %s', (value, problem) => {
    expect(deaNumberProblem(value)).toBe(problem);
  });

  it('accepts exactly one check digit for any six digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{2}\d{6}$/), (prefix) => {
        const passing = [...'0123456789'].filter((d) => deaNumberProblem(prefix + d) === null);
        expect(passing).toEqual([String(deaCheckDigit(prefix.slice(2)))]);
      }),
    );
  });
});
