import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

/** Where people reach this installation, for links in messages: PUBLIC_URL, or the request's own. */
export function appUrl(request: FastifyRequest, config: Pick<Config, 'publicUrl'>): string {
  return (config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
}
