import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CSRF_COOKIE, idleExpiresAt, SESSION_COOKIE } from '../../http/auth.ts';
import { Email, MeSchema, problems } from '../../http/schemas.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { MAX_LENGTH } from './password-policy.ts';
import {
  confirmMfaEnrolment,
  extendSession,
  login,
  logout,
  startMfaEnrolment,
  toMe,
  unlock,
} from './service.ts';
import type { SessionRecord } from './session-store.ts';

const LoginBody = z.strictObject({
  email: Email,
  password: z
    .string()
    .min(1, 'Enter your password.')
    .max(MAX_LENGTH * 4),
  totp: z.string().trim().min(1).max(64).optional(),
});

const SessionInfo = z.object({
  idleTimeoutSeconds: z.number().int(),
  idleExpiresAt: z.string(),
  absoluteExpiresAt: z.string(),
  restricted: z.boolean(),
  locked: z.boolean(),
});

export function authRoutes(app: App, deps: AppDeps): void {
  const { config } = deps;
  const secure = (request: FastifyRequest) =>
    config.cookieSecure === 'auto' ? request.protocol === 'https' : config.cookieSecure;

  function setSessionCookies(request: FastifyRequest, reply: FastifyReply, token: string, csrfToken: string) {
    const base = { path: '/', sameSite: 'strict' as const, secure: secure(request) };
    reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, csrfToken, { ...base, httpOnly: false });
  }

  function clearSessionCookies(reply: FastifyReply) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  function sessionInfo(session: SessionRecord, locked: boolean) {
    return {
      idleTimeoutSeconds: config.sessionIdleTimeoutSeconds,
      idleExpiresAt: idleExpiresAt(session, config).toISOString(),
      absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
      restricted: session.restricted,
      locked,
    };
  }

  const remainingSeconds = (session: SessionRecord, now: Date) =>
    Math.max(1, Math.floor((session.absoluteExpiresAt.getTime() - now.getTime()) / 1000));

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email, password and, once enrolled, an authenticator or recovery code',
        body: LoginBody,
        response: { 200: MeSchema, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const result = await login(request.ctx, request.body, config.sessionAbsoluteTimeoutSeconds);
      setSessionCookies(request, reply, result.token, result.csrfToken);
      return result.me;
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: { permission: 'self:read', allowRestricted: true, allowLocked: true } },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session on the server',
        response: { 204: z.null(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      await logout(request.ctx, request.session as SessionRecord);
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: { permission: 'self:read', allowRestricted: true } },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: MeSchema, ...problems(401) },
      },
    },
    async (request) => toMe(request.session as SessionRecord),
  );

  app.get(
    '/api/v1/auth/session',
    {
      config: {
        access: { permission: 'self:read', allowRestricted: true, allowLocked: true, passive: true },
      },
      schema: {
        tags: ['auth'],
        summary: 'Time-outs of the current session',
        response: { 200: SessionInfo, ...problems(401) },
      },
    },
    async (request) => sessionInfo(request.session as SessionRecord, request.sessionLocked),
  );

  app.post(
    '/api/v1/auth/session/extend',
    {
      config: { access: { permission: 'self:read', allowRestricted: true } },
      schema: {
        tags: ['auth'],
        summary: 'Stay signed in: restarts the idle time-out',
        response: { 200: SessionInfo, ...problems(401, 403) },
      },
    },
    async (request) => {
      const session = request.session as SessionRecord;
      await extendSession(request.ctx, session);
      return sessionInfo(session, false);
    },
  );

  app.post(
    '/api/v1/auth/unlock',
    {
      config: { access: { permission: 'self:read', allowRestricted: true, allowLocked: true } },
      schema: {
        tags: ['auth'],
        summary: 'Resume a session locked after inactivity by re-entering the password',
        body: z.strictObject({
          password: z
            .string()
            .min(1)
            .max(MAX_LENGTH * 4),
        }),
        response: { 200: SessionInfo, ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const session = request.session as SessionRecord;
      await unlock(request.ctx, session, request.body.password);
      session.lastSeenAt = request.ctx.now;
      return sessionInfo(session, false);
    },
  );

  app.post(
    '/api/v1/auth/mfa/setup',
    {
      config: { access: { permission: 'self:read', allowRestricted: true } },
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment: a new secret and its QR code',
        response: {
          200: z.object({ secret: z.string(), otpauthUri: z.string(), qrCodeDataUrl: z.string() }),
          ...problems(401, 403, 409),
        },
      },
    },
    async (request) => startMfaEnrolment(request.ctx, request.session as SessionRecord),
  );

  app.post(
    '/api/v1/auth/mfa/confirm',
    {
      config: { access: { permission: 'self:read', allowRestricted: true } },
      schema: {
        tags: ['auth'],
        summary: 'Finish TOTP enrolment with a first code; returns one-time recovery codes',
        body: z.strictObject({
          code: z
            .string()
            .trim()
            .regex(/^\d{6}$/, 'Enter the 6-digit code.'),
        }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const session = request.session as SessionRecord;
      const result = await confirmMfaEnrolment(
        request.ctx,
        session,
        request.body.code,
        remainingSeconds(session, request.ctx.now),
      );
      setSessionCookies(request, reply, result.token, result.csrfToken);
      return { recoveryCodes: result.recoveryCodes };
    },
  );
}
