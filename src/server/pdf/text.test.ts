import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { wrapToWidth } from './text.ts';

const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);

describe('wrapToWidth', () => {
  it('breaks at spaces and keeps every word', () => {
    const lines = wrapToWidth('135 Duryea Road, Melville, NY 11747', font, 7, 40);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe('135 Duryea Road, Melville, NY 11747');
    for (const line of lines) expect(font.widthOfTextAtSize(line, 7)).toBeLessThanOrEqual(40);
  });

  it('breaks a word wider than the line into pieces instead of cutting it', () => {
    const word = 'INV-2026-0000000000000000042';
    const lines = wrapToWidth(`Invoice ${word}`, font, 7, 30);
    expect(lines.join('')).toBe(`Invoice${word}`);
    expect(lines.join('')).not.toContain('…');
    for (const line of lines) expect(font.widthOfTextAtSize(line, 7)).toBeLessThanOrEqual(30);
  });

  it('starts a new line at each line break', () => {
    expect(wrapToWidth('first\nsecond', font, 7, 200)).toEqual(['first', 'second']);
  });
});
