import { z } from 'zod';
import { Email, IdParams, problems, RoleInput } from '../../http/schemas.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { MAX_LENGTH } from '../auth/password-policy.ts';
import {
  acceptInvitation,
  changeRoles,
  describeInvitation,
  inviteUser,
  listStaff,
  listUsers,
  setActive,
} from './service.ts';

const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleInput),
  active: z.boolean(),
  mfaEnrolled: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});

const InviteBody = z.strictObject({
  email: Email,
  name: z.string().trim().min(1, 'Enter a name.').max(200),
  roles: z.array(RoleInput).min(1, 'Give at least one role.').max(6),
});

const TokenParams = z.strictObject({
  token: z
    .string()
    .min(20)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
});

export function userRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/users',
    {
      config: { access: { permission: 'users:read' } },
      schema: {
        tags: ['users'],
        summary: 'Accounts of this clinic',
        response: { 200: z.object({ items: z.array(UserSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await listUsers(request.ctx) }),
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: { permission: 'users:manage' } },
      schema: {
        tags: ['users'],
        summary: 'Invite a user: creates the account and a single-use link to set a password',
        body: InviteBody,
        response: {
          201: z.object({ user: UserSchema, inviteUrl: z.string() }),
          ...problems(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const baseUrl = deps.config.publicUrl ?? `${request.protocol}://${request.host}`;
      return reply.code(201).send(await inviteUser(request.ctx, request.body, baseUrl));
    },
  );

  app.put(
    '/api/v1/users/:id/roles',
    {
      config: { access: { permission: 'users:manage' } },
      schema: {
        tags: ['users'],
        summary: "Change a user's roles (ends their sessions)",
        params: IdParams,
        body: z.strictObject({ roles: InviteBody.shape.roles }),
        response: { 200: UserSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => changeRoles(request.ctx, request.params.id, request.body.roles),
  );

  for (const [verb, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(
      `/api/v1/users/:id/${verb}`,
      {
        config: { access: { permission: 'users:manage' } },
        schema: {
          tags: ['users'],
          summary: active ? 'Reactivate an account' : 'Deactivate an account (ends its sessions)',
          params: IdParams,
          response: { 200: UserSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => setActive(request.ctx, request.params.id, active),
    );
  }

  app.get(
    '/api/v1/invitations/:token',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['users'],
        summary: 'What an invitation link is for',
        params: TokenParams,
        response: {
          200: z.object({ email: z.string(), name: z.string(), passwordMinLength: z.number() }),
          ...problems(400, 404),
        },
      },
    },
    async (request) => describeInvitation(request.ctx, request.params.token),
  );

  app.post(
    '/api/v1/invitations/:token/accept',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['users'],
        summary: 'Set the password of an invited account',
        params: TokenParams,
        body: z.strictObject({ password: z.string().max(MAX_LENGTH * 4) }),
        response: { 204: z.null(), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      await acceptInvitation(request.ctx, request.params.token, request.body.password);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/staff',
    {
      config: { access: { permission: 'patients:read' } },
      schema: {
        tags: ['users'],
        summary:
          'Active staff of this clinic (names and roles), for choosing a care team or primary clinician',
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.uuid(), name: z.string(), roles: z.array(RoleInput) })),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => ({ items: await listStaff(request.ctx) }),
  );
}
