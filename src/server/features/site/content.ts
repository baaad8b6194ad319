import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked } from 'marked';
import { type EvidenceId, isEvidenceId } from '../../../domain/evidence.ts';
import { escapeHtml } from '../../http/html.ts';

export const CONTENT_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../site/content',
);

export type ContentPage = {
  /** File name without `.md`; `home` is served at `/`. */
  slug: string;
  path: string;
  title: string;
  description: string;
  order: number;
  /** Markdown with citations written `[^evidence-id]`. */
  markdown: string;
};

const CITATION = /\[\^([a-z0-9-]+)\]/g;

/** `---` front matter of `key: value` lines; values are plain text. */
export function parseFrontMatter(text: string): { data: Record<string, string>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (!match) return { data: {}, body: text };
  const data: Record<string, string> = {};
  for (const line of (match[1] ?? '').split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 1) continue;
    data[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { data, body: text.slice(match[0].length) };
}

export function parseContentPage(fileName: string, text: string): ContentPage {
  const slug = fileName.replace(/\.md$/, '');
  const { data, body } = parseFrontMatter(text);
  if (!data.title || !data.description) {
    throw new Error(`site/content/${fileName}: front matter needs a title and a description`);
  }
  return {
    slug,
    path: slug === 'home' ? '/' : `/${slug}`,
    title: data.title,
    description: data.description,
    order: Number(data.order ?? 100),
    markdown: body,
  };
}

let cached: ContentPage[] | undefined;

/** Every page in site/content, in their `order`; read once. */
export function contentPages(): ContentPage[] {
  cached ??= fs
    .readdirSync(CONTENT_DIR)
    .filter((name) => name.endsWith('.md'))
    .map((name) => parseContentPage(name, fs.readFileSync(path.join(CONTENT_DIR, name), 'utf8')))
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  return cached;
}

export function citationsIn(markdown: string): string[] {
  return [...markdown.matchAll(CITATION)].map((m) => m[1] ?? '');
}

export type CitationIndex = {
  /** Evidence id → its number on the references page (in order of first use across the site). */
  numbers: Map<EvidenceId, number>;
  /** Evidence id → the pages that cite it. */
  citedOn: Map<EvidenceId, ContentPage[]>;
};

/** Numbers every cited source once for the whole site; an unknown id is an error, not a blank. */
export function indexCitations(pages: ContentPage[]): CitationIndex {
  const numbers = new Map<EvidenceId, number>();
  const citedOn = new Map<EvidenceId, ContentPage[]>();
  for (const page of pages) {
    for (const id of citationsIn(page.markdown)) {
      if (!isEvidenceId(id)) throw new Error(`site/content/${page.slug}.md cites unknown source [^${id}]`);
      if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
      const list = citedOn.get(id) ?? [];
      if (!list.includes(page)) list.push(page);
      citedOn.set(id, list);
    }
  }
  return { numbers, citedOn };
}

// Raw HTML in Markdown is shown as text, never rendered; only our own markup reaches the page.
const markdown = new Marked({
  gfm: true,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

// A placeholder marked leaves alone, swapped for the citation link after rendering.
const TOKEN = /KFCITE([a-z0-9-]+)KFEND/g;

export function renderMarkdown(source: string, citations: CitationIndex): string {
  const prepared = source.replace(CITATION, (_all, id: string) => `KFCITE${id}KFEND`);
  const rendered = markdown.parse(prepared, { async: false });
  return rendered.replace(TOKEN, (_all, id: string) => citationHtml(id, citations));
}

/** The numbered link to a source on the references page, as every page writes it. */
export function citationHtml(id: string, citations: CitationIndex): string {
  const n = isEvidenceId(id) ? citations.numbers.get(id) : undefined;
  if (n === undefined) throw new Error(`unknown citation [^${id}]`);
  return `<sup class="cite"><a href="/references#ref-${id}"><span class="visually-hidden">source </span>[${n}]</a></sup>`;
}
