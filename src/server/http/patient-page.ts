import type { FastifyReply } from 'fastify';
import { html, type Raw } from './html.ts';

/**
 * The frame of a page a patient opens from a link (as the /m/ and /i/ pages): server-rendered, no
 * JavaScript needed, readable on a small phone, crisis help at the top, never cached or indexed.
 */
export function patientPage(title: string, body: Raw, status = 200, bodyClass = 'patient-link-page') {
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
</head>
<body class="${bodyClass}">
<div class="crisis" role="region" aria-label="Crisis help">
  In crisis? Call or text <a href="tel:988">988</a> (Suicide &amp; Crisis Lifeline). In an emergency call <a href="tel:911">911</a>.
</div>
<main id="main">
${body}
</main>
</body>
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
