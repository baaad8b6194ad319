import type { FastifyReply } from 'fastify';
import { html, type Raw } from './html.ts';

export type PatientPageOptions = {
  bodyClass?: string;
  /** Extra same-origin stylesheets after /site.css. */
  stylesheets?: readonly string[];
  /** A skip link to the main content, for pages with a long form. */
  skipLink?: string;
  /** A same-origin script that enhances the page; the page works without it. */
  script?: string;
};

/**
 * The frame of a page a patient opens from a link (the /m/, /i/ and /d/ pages): server-rendered, no
 * JavaScript needed, readable on a small phone, crisis help at the top, never cached or indexed.
 */
export function patientPage(title: string, body: Raw, status = 200, options: PatientPageOptions = {}) {
  const { bodyClass = 'patient-link-page', stylesheets = [], skipLink, script } = options;
  return {
    status,
    html: html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="/site.css">
${stylesheets.map((href) => html`<link rel="stylesheet" href="${href}">\n`)}</head>
<body class="${bodyClass}">
${skipLink ? html`<a class="skip-link" href="#main">${skipLink}</a>\n` : ''}<div class="crisis" role="region" aria-label="Crisis help">
  In crisis? <a href="tel:988">Call 988</a> or <a href="sms:988">text 988</a> (Suicide &amp; Crisis Lifeline). In an emergency call <a href="tel:911">911</a>.
</div>
<main id="main">
${body}
</main>
${script ? html`<script src="${script}" defer></script>\n` : ''}</body>
</html>
`.html,
  };
}

export function sendPatientPage(reply: FastifyReply, rendered: { status: number; html: string }) {
  return reply
    .code(rendered.status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(rendered.html);
}
