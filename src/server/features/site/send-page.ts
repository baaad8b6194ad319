import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SiteBrand } from './brand.ts';
import { type PublicPage, renderShell } from './layout.ts';

export function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export async function sendPage(
  reply: FastifyReply,
  request: FastifyRequest,
  brand: SiteBrand | null,
  page: PublicPage,
  status = 200,
) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(renderShell(brand, page, { origin: origin(request) }));
}
