import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../http/problem.ts';
import type { BoardHub } from './board-events.ts';
import { findLocationZone } from './store.ts';

/** Keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/**
 * A board's server-sent events. Each event names the session and what changed, never the patient:
 * the browser re-reads the board (an audited read) to show it.
 */
export async function streamBoardEvents(
  request: FastifyRequest,
  locationId: string,
  reply: FastifyReply,
  hub: BoardHub,
): Promise<void> {
  const { ctx } = request;
  if (!(await findLocationZone(ctx.db, ctx.orgId, locationId))) {
    throw new AppError('not-found', 'No such location in this clinic.');
  }
  if (!hub.available)
    throw new AppError('unavailable', 'Live board updates are not available on this server.');
  const raw = reply.raw;
  let open = true;
  const unsubscribe = await hub.subscribe(ctx.orgId, locationId, (event) => {
    if (open)
      raw.write(
        `event: session\ndata: ${JSON.stringify({ sessionId: event.sessionId, kind: event.kind })}\n\n`,
      );
  });
  reply.hijack();
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write('retry: 3000\n: listening\n\n');
  const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const stop = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unsubscribe();
  };
  request.raw.on('close', stop);
  raw.on('close', stop);
}
