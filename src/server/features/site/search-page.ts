import type { Executor } from '../../context.ts';
import { escapeHtml, html, type Raw, raw } from '../../http/html.ts';
import type { SiteBrand } from './brand.ts';
import { SNIPPET_MARKS, searchSite } from './search.ts';

export const QUERY_MAX = 200;

function snippetHtml(snippet: string): Raw {
  return raw(
    escapeHtml(snippet).replaceAll(SNIPPET_MARKS.start, '<mark>').replaceAll(SNIPPET_MARKS.stop, '</mark>'),
  );
}

/** A plain GET form: works without JavaScript, and the query stays in the address for sharing. */
export async function searchPageBody(
  db: Executor,
  brand: SiteBrand | null,
  query: string,
): Promise<{ body: Raw; status: number }> {
  const tooLong = query.length > QUERY_MAX;
  const form = html`<form class="search-form" method="get" action="/search" role="search">
<div>
<label for="q">Search this site</label>
<input type="search" id="q" name="q" value="${query.slice(0, QUERY_MAX + 50)}" maxlength="${QUERY_MAX}"${tooLong ? raw(' aria-invalid="true" aria-describedby="q-error"') : ''}>
${tooLong ? html`<p class="field-error" id="q-error">Use ${QUERY_MAX} characters or fewer.</p>` : ''}
</div>
<button class="button" type="submit">Search</button>
</form>`;
  if (tooLong) return { body: html`<h1>Search</h1>${form}`, status: 400 };
  if (!query || !brand) return { body: html`<h1>Search</h1>${form}`, status: 200 };
  const hits = await searchSite(db, brand.orgId, query);
  return {
    status: 200,
    body: html`<h1>Search</h1>
${form}
<h2 id="results-title">${hits.length === 0 ? html`No pages match “${query}”` : html`${hits.length} ${hits.length === 1 ? 'page matches' : 'pages match'} “${query}”`}</h2>
${
  hits.length === 0
    ? html`<p>Try other words, or look at <a href="/faq">questions people ask</a>.</p>`
    : html`<ul class="results" aria-labelledby="results-title">${hits.map(
        (hit) => html`<li><h3><a href="${hit.path}">${hit.title}</a></h3>
<p class="path">${hit.path}</p>
<p>${snippetHtml(hit.snippet)}</p></li>`,
      )}</ul>`
}`,
  };
}
