import type { PDFFont } from 'pdf-lib';

// The standard PDF fonts only know Windows-1252; anything else prints as "?".
export function printable(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[^\x20-\x7e\xa0-\xff’‘“”–—…]/g, '?');
}

export function truncateToWidth(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Breaks text into lines no wider than `width`, at spaces where it can (a long word is cut). */
export function wrapToWidth(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of printable(text).split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width) {
        line = next;
        continue;
      }
      if (line) lines.push(line);
      line = font.widthOfTextAtSize(word, size) <= width ? word : truncateToWidth(word, font, size, width);
    }
    lines.push(line);
  }
  return lines;
}
