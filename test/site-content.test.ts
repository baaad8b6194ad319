import { describe, expect, it } from 'vitest';
import { EVIDENCE_IDS } from '../src/domain/evidence.ts';
import {
  citationsIn,
  contentPages,
  indexCitations,
  parseContentPage,
  renderMarkdown,
} from '../src/server/features/site/content.ts';
import { referencesBody } from '../src/server/features/site/pages.ts';
import { fleschKincaid, readableText } from '../src/server/features/site/readability.ts';
import { selfCheckFormBody } from '../src/server/features/site/self-check.ts';

/**
 * Grade 8 is the ceiling the issue asks for (US health-literacy guidance aims at grade 6-8). Every
 * page measures well below it today (docs/public-site.md lists each); the test keeps it that way.
 */
const MAX_GRADE = 8;

const HEALTH_PAGES = ['treatment', 'is-it-for-me', 'what-to-expect', 'safety', 'depression', 'faq'];
const CITATION_MARK = /\[\^[a-z0-9-]+\]/g;
const pages = contentPages();

/**
 * Sentences that state a number with a unit or name a drug effect with no citation after them in
 * their paragraph or list item. A heuristic with no false positives on today's pages: it catches
 * numbers and named effects left without a source, not every clinical statement in plain words.
 */
function uncitedFacts(markdown: string): string[] {
  const FACT =
    /\d+(\.\d+)?\s?(%|mg\b|mmHg|minutes?\b|hours?\b|weeks?\b|million\b)|\b(sedation|dissociat\w*|anesthe\w*|depressant|blood pressure)\b/i;
  const blocks = markdown.split(/\n{2,}/).map((b) => b.trim());
  return blocks.flatMap((block, i) => {
    if (block.startsWith('#')) return [];
    // A table or list introduced by a cited sentence ("…from a national survey:[^id]") is covered by it.
    if (/^(\||- |\d+\. )/.test(block) && /:(\[\^[a-z0-9-]+\])+$/.test(blocks[i - 1] ?? '')) return [];
    return block.split(/\n(?=- |\d+\. )/).flatMap((item) => {
      const sentences = item.split(/(?<=[.?!:](?:\[\^[a-z0-9-]+\])*)\s+/);
      return sentences.filter(
        (sentence, j) =>
          FACT.test(sentence.replace(CITATION_MARK, '')) &&
          citationsIn(sentences.slice(j).join(' ')).length === 0,
      );
    });
  });
}
const citations = indexCitations(pages);

describe('site content', () => {
  it('has every page the issue names', () => {
    expect(pages.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        '/',
        '/treatment',
        '/is-it-for-me',
        '/what-to-expect',
        '/safety',
        '/depression',
        '/faq',
      ]),
    );
  });

  it.each(pages.map((p) => [p.path, p] as const))(
    '%s reads at grade 8 or below (Flesch-Kincaid)',
    (_path, page) => {
      const result = fleschKincaid(readableText(renderMarkdown(page.markdown, citations)));
      expect(result.words).toBeGreaterThan(100);
      expect(result.grade).toBeLessThanOrEqual(MAX_GRADE);
    },
  );

  it('the self-check page reads at grade 8 or below, apart from the PHQ-9 wording we may not change', () => {
    const intro = selfCheckFormBody({}, [], null).html.split('<form')[0] ?? '';
    expect(fleschKincaid(readableText(intro)).grade).toBeLessThanOrEqual(MAX_GRADE);
  });

  it('measures a hard text as hard (the formula is not a constant)', () => {
    const hard =
      'Pharmacological interventions targeting glutamatergic neurotransmission demonstrate considerable heterogeneity regarding therapeutic responsiveness.';
    expect(fleschKincaid(hard).grade).toBeGreaterThan(15);
    expect(fleschKincaid('The cat sat on the mat. It was warm.').grade).toBeLessThan(2);
  });

  it('every citation resolves to an evidence id and a numbered reference', () => {
    const references = referencesBody().html;
    for (const page of pages) {
      for (const id of citationsIn(page.markdown)) {
        expect(EVIDENCE_IDS).toContain(id);
        expect(references).toContain(`id="ref-${id}"`);
        expect(citations.numbers.get(id as (typeof EVIDENCE_IDS)[number])).toBeGreaterThan(0);
      }
    }
  });

  it('health pages cite sources, and the depression facts name the survey year', () => {
    for (const slug of HEALTH_PAGES) {
      const page = pages.find((p) => p.slug === slug);
      expect(citationsIn(page?.markdown ?? '').length, slug).toBeGreaterThan(3);
    }
    const depression = pages.find((p) => p.slug === 'depression')?.markdown ?? '';
    expect(depression).toContain('2021');
    expect(citationsIn(depression)).toContain('nsduh-2021');
  });

  it('follows every sentence with a number, a dose, a blood pressure or a named drug effect by a citation in its paragraph', () => {
    const uncited = pages
      .filter((p) => HEALTH_PAGES.includes(p.slug))
      .flatMap((page) => uncitedFacts(page.markdown).map((sentence) => `${page.slug}: ${sentence}`));
    expect(uncited).toEqual([]);
    expect(
      uncitedFacts('Blood pressure goes up. It lasts 4 hours.[^spravato-pi]\n\nMost take 56 mg.'),
    ).toEqual(['Most take 56 mg.']);
    expect(uncitedFacts('It lasts 4 hours.[^spravato-pi] Then it goes back down.')).toEqual([]);
  });

  it('refuses a citation that names no source', () => {
    const bad = parseContentPage(
      'bad.md',
      '---\ntitle: Bad\ndescription: A page with a bad citation\n---\nA claim.[^made-up]\n',
    );
    expect(() => indexCitations([bad])).toThrow(/unknown source \[\^made-up\]/);
  });

  it('shows raw HTML in Markdown as text', () => {
    const out = renderMarkdown(
      'Hello <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div>block</div>\n',
      citations,
    );
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<div>');
    expect(out).toContain('&lt;script&gt;');
  });

  it('needs a title and description in front matter', () => {
    expect(() => parseContentPage('x.md', '# No front matter')).toThrow(/front matter/);
  });
});
