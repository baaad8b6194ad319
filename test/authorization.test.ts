import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/server/config.ts';
import type { Role } from '../src/server/db/schema.ts';
import { type Access, registerAccessControl } from '../src/server/http/auth.ts';
import { PERMISSIONS, type Permission, ROLE_PERMISSIONS, ROLES } from '../src/server/http/permissions.ts';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';

/**
 * Every route the app registers, as Fastify's onRoute hook sees it. buildApp creates its Fastify
 * instance itself, so the factory is wrapped to add the hook before any route exists: a new route is
 * picked up here without touching this file.
 */
const registered = vi.hoisted(() => new WeakMap<object, RouteOptions[]>());
vi.mock('fastify', async (importOriginal) => {
  const original = await importOriginal<typeof import('fastify')>();
  const factory = ((options?: object) => {
    const app = original.default(options);
    const routes: RouteOptions[] = [];
    registered.set(app, routes);
    app.addHook('onRoute', (route) => {
      routes.push(route);
    });
    return app;
  }) as unknown as typeof original.default;
  return { ...original, default: factory, fastify: factory };
});

type ApiRoute = { method: string; url: string; access: Access | undefined };

function apiRoutes(app: object): ApiRoute[] {
  const routes = registered.get(app);
  if (!routes) throw new Error('the app was not built through the wrapped Fastify factory');
  return routes
    .flatMap((route) =>
      ([] as string[])
        .concat(route.method)
        .map((method) => ({ method, url: route.url, access: route.config?.access })),
    )
    .filter((route) => route.url.startsWith('/api/v1') && route.method !== 'HEAD');
}

/** A concrete URL for a route pattern: ids become random UUIDs, other parameters random tokens. */
function concreteUrl(pattern: string): string {
  return pattern
    .replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, (_match, name: string) =>
      /id$/i.test(name) ? randomUUID() : randomBytes(32).toString('base64url'),
    )
    .replace(/\*$/, 'anything');
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let t: TestContext;
let routes: ApiRoute[];
const sessions = new Map<Role, Session>();

async function sessionFor(role: Role): Promise<Session> {
  const existing = sessions.get(role);
  if (existing) {
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: existing.headers });
    if (me.statusCode === 200) return existing;
  }
  // The previous request ended it (sign-out): sign in again.
  const session = await signIn(t, role);
  sessions.set(role, session);
  return session;
}

function send(route: ApiRoute, session: Session | undefined) {
  const write = WRITES.has(route.method);
  return t.app.inject({
    method: route.method as 'GET',
    url: concreteUrl(route.url),
    headers: session ? (write ? session.headers : { cookie: session.cookie }) : {},
    ...(write ? { payload: {} } : {}),
  });
}

beforeAll(async () => {
  t = await createTestApp();
  routes = apiRoutes(t.app);
});
afterAll(() => t.close());

describe('route inventory', () => {
  it('sees every route the OpenAPI document lists, so the checks below cover the whole API', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const seen = new Set(routes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`));
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .filter((key) => !key.startsWith('HEAD '));
    expect(documented.length).toBeGreaterThan(10);
    for (const key of documented) expect(seen, key).toContain(key);
    expect(seen).toContain('GET /api/v1/openapi.json');
  });

  it('finds an access rule on every /api/v1 route, naming a known permission', () => {
    for (const route of routes) {
      const where = `${route.method} ${route.url}`;
      expect(route.access, where).toBeDefined();
      if (route.access && !('public' in route.access))
        expect(Object.keys(PERMISSIONS), where).toContain(route.access.permission);
    }
  });

  it('refuses to register an /api/v1 route that declares no access rule', async () => {
    const Fastify = (await import('fastify')).default;
    const app = Fastify({ logger: false });
    // Registering routes reads nothing from the database.
    registerAccessControl(app, { db: undefined as never, config: loadConfig({}), now: () => new Date() });
    expect(() => app.get('/api/v1/forgotten', async () => 'x')).toThrow(
      /GET \/api\/v1\/forgotten declares no access rule/,
    );
    expect(() => app.post('/api/v1/forgotten-write', { config: {} }, async () => 'x')).toThrow(
      /declares no access rule/,
    );
    expect(() =>
      app.get('/api/v1/declared', { config: { access: { permission: 'self:read' } } }, async () => 'x'),
    ).not.toThrow();
    // Outside the API (the web app, the public site) routes need no rule.
    expect(() => app.get('/about', async () => 'x')).not.toThrow();
    await app.close();
  });
});

describe('every route against every role', () => {
  it('answers anonymous requests to non-public routes with 401 /problems/unauthenticated', async () => {
    for (const route of routes) {
      const res = await send(route, undefined);
      const where = `${route.method} ${route.url} anonymous -> ${res.statusCode} ${res.body.slice(0, 200)}`;
      expect(res.statusCode, where).toBeLessThan(500);
      if (route.access && 'public' in route.access) {
        expect([401, 403], where).not.toContain(res.statusCode);
      } else {
        expect(res.statusCode, where).toBe(401);
        expect(res.headers['content-type'], where).toContain('application/problem+json');
        expect(res.json().type, where).toBe('/problems/unauthenticated');
      }
    }
  });

  for (const role of ROLES) {
    it(`gives ${role} exactly the routes its permissions allow`, async () => {
      const allowed = new Set<Permission>(ROLE_PERMISSIONS[role]);
      for (const route of routes) {
        const session = await sessionFor(role);
        const res = await send(route, session);
        const where = `${route.method} ${route.url} as ${role} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect(res.statusCode, where).toBeLessThan(500);
        const access = route.access as Access;
        if ('public' in access || allowed.has(access.permission)) {
          expect([401, 403], where).not.toContain(res.statusCode);
        } else {
          expect(res.statusCode, where).toBe(403);
          expect(res.headers['content-type'], where).toContain('application/problem+json');
          expect(res.json().type, where).toBe('/problems/forbidden');
        }
      }
    });
  }
});

describe('CSRF', () => {
  it('refuses every non-public write without the right x-csrf-token, even from a role that may make it', async () => {
    const writes = routes.filter((r) => WRITES.has(r.method) && r.access && !('public' in r.access));
    expect(writes.length).toBeGreaterThan(0);
    for (const route of writes) {
      const access = route.access as Extract<Access, { permission: Permission }>;
      const role = ROLES.find((r) => ROLE_PERMISSIONS[r].includes(access.permission)) as Role;
      const session = await sessionFor(role);
      for (const headers of [
        { cookie: session.cookie },
        { cookie: session.cookie, 'x-csrf-token': `${session.csrf}x` },
      ]) {
        const res = await t.app.inject({
          method: route.method as 'POST',
          url: concreteUrl(route.url),
          headers,
          payload: {},
        });
        const where = `${route.method} ${route.url} as ${role} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect(res.statusCode, where).toBe(403);
        expect(res.json().type, where).toBe('/problems/csrf-failed');
      }
    }
  });
});

describe('docs/security.md', () => {
  const doc = fs.readFileSync(new URL('../docs/security.md', import.meta.url), 'utf8');
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim().replace(/^`|`$/g, ''));

  it('prints the role -> permission matrix exactly as ROLE_PERMISSIONS grants it', () => {
    const lines = doc.split('\n');
    const headerAt = lines.findIndex((line) => /^\|\s*permission\s*\|\s*meaning\s*\|/.test(line));
    expect(headerAt, 'the matrix header row').toBeGreaterThanOrEqual(0);
    expect(cells(lines[headerAt] as string)).toEqual(['permission', 'meaning', ...ROLES]);
    const rows: string[][] = [];
    for (const line of lines.slice(headerAt + 2)) {
      if (!line.trim().startsWith('|')) break;
      rows.push(cells(line));
    }
    expect(rows.map((row) => row[0]).sort()).toEqual(Object.keys(PERMISSIONS).sort());
    for (const row of rows) {
      const permission = row[0] as Permission;
      ROLES.forEach((role, i) => {
        const mark = row[2 + i];
        expect(['✓', ''], `${permission} / ${role}`).toContain(mark);
        expect(mark === '✓', `${permission} / ${role}`).toBe(ROLE_PERMISSIONS[role].includes(permission));
      });
    }
  });
});
