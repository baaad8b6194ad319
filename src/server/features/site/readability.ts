import { syllable } from 'syllable';

export type Readability = { words: number; sentences: number; syllables: number; grade: number };

/** The text a reader reads: tags, citation markers and table pipes removed, entities decoded. */
export function readableText(pageHtml: string): string {
  return pageHtml
    .replace(/<sup class="cite">[\s\S]*?<\/sup>/g, '')
    .replace(/<(li|h[1-6]|p|td|th|tr|blockquote)\b[^>]*>/g, '\n')
    .replace(/<\/(li|h[1-6]|td|th)>/g, '.\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;|&#39;/g, "'")
    .replace(/&[a-z]+;/g, ' ');
}

/**
 * Flesch–Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
 * Headings, list items and table cells count as sentences: readers take them as units.
 */
export function fleschKincaid(text: string): Readability {
  const sentences = text
    .split(/[.!?]+(?=\s|$)|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[a-z]/i.test(s));
  const words = sentences.flatMap((s) => s.match(/[a-z0-9][a-z0-9'’-]*/gi) ?? []);
  const syllables = words.reduce((sum, word) => sum + Math.max(1, syllable(word)), 0);
  const grade =
    words.length === 0
      ? 0
      : 0.39 * (words.length / sentences.length) + 11.8 * (syllables / words.length) - 15.59;
  return { words: words.length, sentences: sentences.length, syllables, grade: Math.round(grade * 10) / 10 };
}
