import type { Db } from '../../db/connect.ts';
import { html, type Raw, raw } from '../../http/html.ts';
import { loadSiteBrand, type SiteBrand, telHref } from './brand.ts';
import { citationMark } from './pages.ts';
import { stylesheetHref } from './site-css.ts';

export type PublicPage = {
  title: string;
  description: string;
  /**
   * The page's own path, such as `/faq`: the canonical URL is PUBLIC_URL plus this. Error pages have
   * none: they answer at whatever address was asked for, and nothing of the request goes on the page.
   */
  path?: string;
  body: Raw;
  /** Same-origin script paths, loaded as deferred modules; pages must work without them. */
  scripts?: string[];
  noindex?: boolean;
  /** JSON-LD, for example a MedicalClinic or a FAQPage. */
  structuredData?: object;
};

export const NAV: { href: string; label: string }[] = [
  { href: '/', label: 'Home' },
  { href: '/treatment', label: 'Treatment' },
  { href: '/is-it-for-me', label: 'Is it for me' },
  { href: '/what-to-expect', label: 'What to expect' },
  { href: '/safety', label: 'Safety' },
  { href: '/depression', label: 'Depression facts' },
  { href: '/faq', label: 'FAQ' },
  { href: '/clinics', label: 'Find a clinic' },
  { href: '/callback', label: 'Request a call' },
  { href: '/self-check', label: 'Self-check' },
  { href: '/search', label: 'Search' },
];

let configuredPublicUrl: string | undefined;

/** Set once when the site routes are registered: canonical URLs start with PUBLIC_URL. */
export function configurePublicSite(options: { publicUrl: string | undefined }): void {
  configuredPublicUrl = options.publicUrl?.replace(/\/$/, '');
}

export function canonicalUrl(path: string, origin?: string): string {
  return `${configuredPublicUrl ?? origin?.replace(/\/$/, '') ?? ''}${path}`;
}

/** "In crisis?" comes before anything else on every public page. */
export function crisisBar(brand: SiteBrand | null): Raw {
  const helpline = brand?.helplinePhone ?? brand?.clinicPhone ?? null;
  return html`<div class="crisis" role="region" aria-label="Crisis help">
<p>In crisis? <a href="tel:988"><strong>Call 988</strong></a> or <a href="sms:988"><strong>text 988</strong></a> (Suicide &amp; Crisis Lifeline, any time). In an emergency call <a href="tel:911"><strong>911</strong></a>.${
    helpline ? html` Our clinic: <a href="${telHref(helpline)}">${helpline}</a>.` : ''
  }</p>
</div>`;
}

function header(brand: SiteBrand | null, path: string | undefined): Raw {
  const name = brand?.name ?? 'Ketaflow';
  const logo = brand?.logoImageId
    ? html`<img class="logo" src="/site/images/${brand.logoImageId}" alt="" width="40" height="40">`
    : '';
  return html`<header class="site-header">
<div class="brand-row">
<a class="brand" href="/">${logo}<span>${name}</span></a>
${brand?.siteTagline ? html`<p class="tagline">${brand.siteTagline}</p>` : ''}
</div>
<nav aria-label="Main">
<ul class="nav">${NAV.map(
    (item) =>
      html`<li><a href="${item.href}"${item.href === path ? raw(' aria-current="page"') : ''}>${item.label}</a></li>`,
  )}</ul>
</nav>
</header>`;
}

function footer(brand: SiteBrand | null): Raw {
  const phone = brand?.clinicPhone;
  return html`<footer class="site-footer">
<div class="footer-grid">
<section aria-labelledby="footer-contact">
<h2 id="footer-contact">${brand?.name ?? 'Contact'}</h2>
${brand && brand.addressLines.length > 0 ? html`<address>${brand.addressLines.map((line, i) => html`${i > 0 ? raw('<br>') : ''}${line}`)}</address>` : ''}
${phone ? html`<p>Phone: <a href="${telHref(phone)}">${phone}</a></p>` : ''}
${brand?.publicEmail ? html`<p>Email: <a href="mailto:${brand.publicEmail}">${brand.publicEmail}</a></p>` : ''}
</section>
<section aria-labelledby="footer-more-help">
<h2 id="footer-more-help">More help</h2>
<p>Find other treatment near you at <a href="https://findtreatment.gov/">FindTreatment.gov</a>.</p>
<p>SAMHSA National Helpline, free and private, any time, in English and Spanish: call <a href="tel:18006624357">1-800-662-4357</a>, TTY <a href="tel:18004874889">1-800-487-4889</a>, or text your ZIP code to <a href="sms:435748">435748 (HELP4U)</a>.${citationMark('samhsa-helpline')}</p>
</section>
<section aria-labelledby="footer-site">
<h2 id="footer-site">This site</h2>
<ul class="footer-links">
<li><a href="/references">References</a></li>
<li><a href="/stories">Patient stories</a></li>
<li><a href="/privacy">Privacy</a></li>
<li><a href="/sitemap.xml">Site map</a></li>
<li><a href="/app/login">Staff sign-in</a></li>
</ul>
</section>
</div>
<p class="fineprint">This site gives general information, not medical advice. A clinician decides about treatment with you.</p>
</footer>`;
}

/** JSON-LD must not end its script element early: `<` is written as a JSON escape. */
function jsonLd(data: object): Raw {
  return raw(
    `<script type="application/ld+json">${JSON.stringify(data).replaceAll('<', '\\u003c')}</script>`,
  );
}

/** The one page shell every public page uses: crisis bar, header, main, footer. */
export async function renderPublicPage(
  db: Db,
  page: PublicPage,
  options: { origin?: string } = {},
): Promise<string> {
  const brand = await loadSiteBrand(db);
  return renderShell(brand, page, options);
}

export function renderShell(
  brand: SiteBrand | null,
  page: PublicPage,
  _options: { origin?: string } = {},
): string {
  for (const src of page.scripts ?? []) {
    if (!/^\/[^/\\]/.test(src)) throw new Error(`public pages load only same-origin scripts: ${src}`);
  }
  const siteName = brand?.name ?? 'Ketaflow';
  const fullTitle = page.path === '/' ? siteName : `${page.title} | ${siteName}`;
  // Without PUBLIC_URL the canonical stays relative: a Host header is the visitor's to forge.
  const canonical = page.path === undefined ? undefined : canonicalUrl(page.path);
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${page.description}">
${page.noindex ? raw('<meta name="robots" content="noindex">\n') : ''}${canonical ? html`<link rel="canonical" href="${canonical}">\n` : ''}<meta property="og:type" content="website">
<meta property="og:site_name" content="${siteName}">
<meta property="og:title" content="${page.title}">
<meta property="og:description" content="${page.description}">
${canonical ? html`<meta property="og:url" content="${canonical}">\n` : ''}${brand?.logoImageId ? html`<meta property="og:image" content="${canonicalUrl(`/site/images/${brand.logoImageId}`)}">\n` : ''}<link rel="stylesheet" href="${stylesheetHref(brand)}">
${(page.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>\n`)}${page.structuredData ? jsonLd(page.structuredData) : ''}
</head>
<body>
${crisisBar(brand)}
<a class="skip-link" href="#main">Skip to main content</a>
${header(brand, page.path)}
<main id="main" tabindex="-1">
${page.body}
</main>
${footer(brand)}
</body>
</html>
`;
  return doc.html;
}
