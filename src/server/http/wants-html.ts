import type { FastifyRequest } from 'fastify';

/** Paths that belong to programs (the JSON API, FHIR, probes) or to the staff app, never to visitors. */
const MACHINE_PREFIXES = ['/api', '/fhir', '/app', '/healthz', '/readyz'];

function underPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The q-value of the first range in an Accept header that matches one of `types`; 0 when none. */
function quality(accept: string, types: readonly string[]): number {
  let best = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!types.includes(range)) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    if (Number.isFinite(value)) best = Math.max(best, value);
  }
  return best;
}

/**
 * A visitor's browser asks for text/html by name; programs ask for JSON or send `*\/*`, and they get
 * problem+json. A page is only chosen outside the machine prefixes.
 */
export function wantsHtmlPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '/';
  if (MACHINE_PREFIXES.some((prefix) => underPrefix(path, prefix))) return false;
  const accept = request.headers.accept ?? '';
  const html = quality(accept, ['text/html', 'application/xhtml+xml']);
  const json = quality(accept, ['application/json', 'application/problem+json']);
  return html > 0 && html >= json;
}
