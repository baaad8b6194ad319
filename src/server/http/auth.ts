import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Ctx } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { findSessionByToken, type SessionRecord, touchSession } from '../features/auth/session-store.ts';
import { can, type Permission } from './permissions.ts';
import { AppError } from './problem.ts';

/** How a route may be reached. Every /api route must declare one; there is no default. */
export type Access =
  | { public: true }
  | {
      permission: Permission;
      /** Reachable by a sign-in that still has to enrol in MFA (enrolment itself, sign-out). */
      allowRestricted?: boolean;
      /** Reachable when the session is locked after inactivity (unlock, sign-out). */
      allowLocked?: boolean;
      /** Asking about the session is not activity: it must not keep an idle session open. */
      passive?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session: SessionRecord | null;
    sessionLocked: boolean;
    ctx: Ctx;
  }
}

export const SESSION_COOKIE = 'kf_session';
export const CSRF_COOKIE = 'kf_csrf';
export const CSRF_HEADER = 'x-csrf-token';
// Writing last_seen_at on every request would turn every read into a write; this much slack in the
// idle time-out is harmless.
const TOUCH_EVERY_MS = 10_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AuthDeps = { db: Db; config: Config; now: () => Date };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function idleExpiresAt(session: SessionRecord, config: Config): Date {
  return new Date(session.lastSeenAt.getTime() + config.sessionIdleTimeoutSeconds * 1000);
}

/** Authenticates the cookie, then checks the route's permission, before any body is read. */
export function registerAccessControl(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('session', null);
  app.decorateRequest('sessionLocked', false);
  app.decorateRequest('ctx', undefined as unknown as Ctx);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && !route.config?.access) {
      throw new Error(`${route.method} ${route.url} declares no access rule`);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const now = deps.now();
    const access = request.routeOptions.config?.access;
    const session = await loadSession(request, deps, now);
    request.session = session?.record ?? null;
    request.sessionLocked = session?.locked ?? false;
    request.ctx = {
      db: deps.db,
      // Public routes have no organisation until their use case picks one (the primary, an invitation's).
      orgId: request.session?.orgId ?? '',
      user: request.session
        ? { id: request.session.userId, email: request.session.email, roles: request.session.roles }
        : null,
      now,
      requestId: request.id,
      ip: request.ip,
    };
    if (!access || 'public' in access) return;
    if (!request.session) throw new AppError('unauthenticated', 'Sign in to continue.');
    if (request.sessionLocked && !access.allowLocked) {
      throw new AppError(
        'session-locked',
        'Your session was locked after inactivity; enter your password to resume.',
      );
    }
    if (request.session.restricted && !access.allowRestricted) {
      throw new AppError('mfa-enrollment-required', 'Set up two-factor authentication before you continue.');
    }
    if (!can(request.session.roles, access.permission)) {
      throw new AppError('forbidden', 'Your role does not allow this.');
    }
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, request.session.csrfToken)) {
        throw new AppError(
          'csrf-failed',
          `Send the ${CSRF_HEADER} header with the value of the ${CSRF_COOKIE} cookie.`,
        );
      }
    }
    if (
      !access.passive &&
      !request.sessionLocked &&
      now.getTime() - request.session.lastSeenAt.getTime() > TOUCH_EVERY_MS
    ) {
      await touchSession(deps.db, request.session.id, now);
      request.session.lastSeenAt = now;
    }
  });
}

async function loadSession(
  request: FastifyRequest,
  deps: AuthDeps,
  now: Date,
): Promise<{ record: SessionRecord; locked: boolean } | undefined> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token || token.length > 200) return undefined;
  const record = await findSessionByToken(deps.db, token);
  if (!record || now >= record.absoluteExpiresAt) return undefined;
  return { record, locked: now >= idleExpiresAt(record, deps.config) };
}
