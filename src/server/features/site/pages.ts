import { EVIDENCE, type EvidenceId } from '../../../domain/evidence.ts';
import { html, type Raw, raw } from '../../http/html.ts';
import { type ContentPage, citationHtml, contentPages, indexCitations, renderMarkdown } from './content.ts';

/** The site-wide citation numbering: a source has one number on every page. */
export function siteCitations() {
  return indexCitations(contentPages());
}

/**
 * A citation outside the Markdown pages (the footer): numbered like the pages, so the source must be
 * cited on at least one of them to appear on the references page.
 */
export function citationMark(id: EvidenceId): Raw {
  return raw(citationHtml(id, siteCitations()));
}

export function contentPageBody(page: ContentPage): Raw {
  return raw(renderMarkdown(page.markdown, siteCitations()));
}

const TAG_NOTES: Record<string, string> = {
  GK: 'general knowledge, not yet checked against the original source',
  '2nd': 'taken from a secondary source',
};

/** Numbered sources, each with the pages that cite it. */
export function referencesBody(): Raw {
  const { numbers, citedOn } = siteCitations();
  const ordered = [...numbers.entries()].sort((a, b) => a[1] - b[1]);
  return html`<h1>References</h1>
<p>Every fact about health on this site links to a number. Here is the source for each number.</p>
<ol class="references">${ordered.map(([id, n]) => {
    const source = EVIDENCE[id as EvidenceId];
    const notes = source.tags.map((tag) => TAG_NOTES[tag]).filter(Boolean);
    return html`<li id="ref-${id}" value="${n}">${source.citation}${notes.length > 0 ? html` <span class="hint">(${notes.join('; ')})</span>` : ''}
<br><span class="hint">Cited on: ${(citedOn.get(id) ?? []).map((page, i) => html`${i > 0 ? ', ' : ''}<a href="${page.path}">${page.title}</a>`)}</span></li>`;
  })}</ol>`;
}
