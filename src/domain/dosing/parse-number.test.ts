import { describe, expect, it } from 'vitest';
import { parseDecimalText } from './parse-number.ts';

describe('parseDecimalText', () => {
  it.each([
    ['70', 70],
    ['0.5', 0.5],
    ['.75', 0.75],
    ['35.', 35],
    [' 70 ', 70],
    ['-5', -5],
    ['+5', 5],
    ['0', 0],
  ])('reads %j as %d', (text, value) => {
    expect(parseDecimalText(text)).toBe(value);
  });

  it.each(['', ' ', 'abc', '70kg', '0x10', '1e2', '7,5', '1.2.3', 'NaN', 'Infinity', '--5', '.', '5 6'])(
    'refuses %j',
    (text) => {
      expect(parseDecimalText(text)).toBeNull();
    },
  );
});
