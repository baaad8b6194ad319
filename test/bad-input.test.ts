import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';

/**
 * Every route the app registers, as Fastify's onRoute hook sees it: buildApp creates its Fastify
 * instance itself, so the factory is wrapped to add the hook before any route exists. A new route
 * is picked up here without touching this file.
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

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[] };
type Target = { method: string; url: string; hasBody: boolean; properties: Record<string, JsonSchema> };

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Signing out ends the session this test writes with; ending a session is what it is for.
const SKIPPED = new Set(['POST /api/v1/auth/logout']);
// What a request may change without being a write: throttling counters, the audit trail, and the
// session's last-seen time.
const UNTRACKED_TABLES = new Set(['rate_limits', 'audit_pending', 'audit_log']);
const UNTRACKED_COLUMNS: Record<string, string[]> = { sessions: ['last_seen_at'] };

const INJECTIONS = [
  "'; DROP TABLE users; --",
  "Robert'); DROP TABLE users;--",
  "' OR '1'='1",
  '1; SELECT pg_sleep(10)',
  '$1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '${7*7}',
  '../../../../etc/passwd',
  '=HYPERLINK("http://evil.test")',
  '\\',
  '%00',
  '\u202eevil',
  '__proto__',
  'constructor',
  'admin@test-clinic.test',
  'UTC',
  '123456',
];

const shortNasty = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
const hugeString = fc
  .tuple(fc.constantFrom('A', 'é', '😀', "'", '<', '\\'), fc.integer({ min: 1_000, max: 200_000 }))
  .map(([c, n]) => c.repeat(n));
const nasty = fc.oneof({ arbitrary: shortNasty, weight: 4 }, { arbitrary: hugeString, weight: 1 });

function typesOf(schema: JsonSchema): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  return ([] as string[]).concat(schema.type ?? []);
}

/** A value of a JSON type the property does not take, or a hostile string. */
function wrongValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const allowed = new Set(typesOf(schema));
  const candidates: [string, fc.Arbitrary<unknown>][] = [
    [
      'number',
      fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(1e308)),
    ],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.array(shortNasty, { maxLength: 5 })],
    ['object', fc.dictionary(fc.string({ maxLength: 10 }), shortNasty, { maxKeys: 4 })],
  ];
  const wrong = candidates.filter(
    ([type]) => !allowed.has(type) && !(type === 'number' && allowed.has('integer')),
  );
  return fc.oneof(nasty, ...wrong.map(([, arb]) => arb));
}

/** Every property present with the right JSON type but hostile content: gets past type checks. */
function hostileValue(
  schema: JsonSchema & { enum?: unknown[]; items?: JsonSchema & { enum?: unknown[] } },
): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), shortNasty);
  if (types.includes('string')) return nasty;
  if (types.includes('array')) {
    const items = schema.items?.enum
      ? fc.oneof(fc.constantFrom(...schema.items.enum), shortNasty)
      : shortNasty;
    return fc.array(items, { maxLength: 8 });
  }
  return wrongValue(schema);
}

type Body = { payload: string; contentType: string };

function bodies(properties: Record<string, JsonSchema>): fc.Arbitrary<Body> {
  const json = (value: unknown) => JSON.stringify(value) ?? '';
  const keys = Object.keys(properties);
  const shaped = keys.length
    ? fc
        .tuple(
          fc.record(Object.fromEntries(keys.map((key) => [key, wrongValue(properties[key] as JsonSchema)])), {
            requiredKeys: [],
          }),
          fc.option(
            fc.tuple(
              fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom(...INJECTIONS)),
              shortNasty,
            ),
          ),
        )
        .map(([record, extra]) => (extra ? { ...record, [extra[0]]: extra[1] } : record))
    : fc.dictionary(fc.string({ maxLength: 10 }), shortNasty, { maxKeys: 3 });
  const hostile = fc.record(
    Object.fromEntries(keys.map((key) => [key, hostileValue(properties[key] as JsonSchema)])),
  );
  return fc.oneof(
    { arbitrary: shaped.map((v) => ({ payload: json(v), contentType: 'application/json' })), weight: 4 },
    { arbitrary: hostile.map((v) => ({ payload: json(v), contentType: 'application/json' })), weight: 3 },
    {
      arbitrary: fc.anything().map((v) => ({ payload: json(v), contentType: 'application/json' })),
      weight: 2,
    },
    {
      arbitrary: fc.jsonValue().map((v) => ({ payload: json(v), contentType: 'application/json' })),
      weight: 1,
    },
    {
      // Not JSON at all, or not what it claims to be.
      arbitrary: fc.record({
        payload: fc.oneof(
          nasty,
          fc.string(),
          fc.constantFrom('{', '{"a":', '[1,', 'null', '{"__proto__":{"x":1}}'),
        ),
        contentType: fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/octet-stream',
          'multipart/form-data; boundary=x',
          'application/xml',
        ),
      }),
      weight: 2,
    },
  );
}

const paramValue = fc.oneof(
  fc.uuid(),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
  fc.constantFrom(...INJECTIONS),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
);

function urlArbitrary(pattern: string): fc.Arbitrary<string> {
  const names = [...pattern.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
  if (names.length === 0) return fc.constant(pattern);
  return fc.array(paramValue, { minLength: names.length, maxLength: names.length }).map((values) => {
    let i = 0;
    return pattern.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(values[i++] || 'x'));
  });
}

const t: TestContext = await createTestApp();
afterAll(() => t.close());
const admin: Session = await signIn(t, 'admin');
const targets: Target[] = await findTargets();
const trackedTables: string[] = (
  await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`.execute(t.database.db)
).rows
  .map((r) => r.name)
  .filter((name) => !UNTRACKED_TABLES.has(name));

/** The app's /api/v1 routes, with the body properties the OpenAPI document gives for each. */
async function findTargets(): Promise<Target[]> {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
    >;
  };
  return (registered.get(t.app) ?? [])
    .flatMap((route) => ([] as string[]).concat(route.method).map((method) => ({ method, route })))
    .filter(({ method, route }) => route.url.startsWith('/api/v1') && method !== 'HEAD')
    .map(({ method, route }) => {
      const documented = doc.paths[route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[method.toLowerCase()];
      const schema = documented?.requestBody?.content?.['application/json']?.schema;
      return {
        method,
        url: route.url,
        hasBody: Boolean(route.schema?.body),
        properties: schema?.properties ?? {},
      };
    });
}

/** One md5 per table (minus untracked columns), in a single query. */
async function fingerprint(): Promise<Record<string, string | null>> {
  const selects = trackedTables.map((table) => {
    const drop = (UNTRACKED_COLUMNS[table] ?? []).map((c) => ` - '${c}'`).join('');
    return `(SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT (to_jsonb(t)${drop})::text AS x FROM "${table}" t) s) AS "${table}"`;
  });
  const result = await sql
    .raw<Record<string, string | null>>(`SELECT ${selects.join(', ')}`)
    .execute(t.database.db);
  return result.rows[0] as Record<string, string | null>;
}

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  where: string,
) {
  expect(res.statusCode, where).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(String(res.headers['content-type']), where).toContain('application/problem+json');
    const problem = JSON.parse(res.body) as { type: string; status: number };
    expect(problem.type, where).toMatch(/^\/problems\/[a-z-]+$/);
    expect(problem.status, where).toBe(res.statusCode);
  }
}

describe('random input to every route', () => {
  it('finds the write routes and the tables to watch', () => {
    const writes = targets.filter((r) => WRITES.has(r.method));
    expect(writes.length).toBeGreaterThan(5);
    expect(writes.some((r) => r.hasBody && Object.keys(r.properties).length > 0)).toBe(true);
    expect(trackedTables).toEqual(
      expect.arrayContaining(['users', 'sessions', 'locations', 'organisations']),
    );
  });

  it('has a fingerprint that sees a changed row but not a session being used', async () => {
    const before = await fingerprint();
    await t.database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(t.clock.now.getTime() + 1) })
      .execute();
    expect(await fingerprint()).toEqual(before);
    await t.database.db
      .updateTable('users')
      .set({ name: 'renamed' })
      .where('id', '=', t.clinic.users.nurse.id)
      .execute();
    expect(await fingerprint()).not.toEqual(before);
    await t.database.db
      .updateTable('users')
      .set({ name: 'nurse user' })
      .where('id', '=', t.clinic.users.nurse.id)
      .execute();
    expect(await fingerprint()).toEqual(before);
  });

  for (const route of targets.filter((r) => WRITES.has(r.method))) {
    const name = `${route.method} ${route.url}`;
    it.skipIf(SKIPPED.has(name))(
      `${name}: never a 5xx, always problem+json, and a refused request changes nothing`,
      async () => {
        await fc.assert(
          fc.asyncProperty(urlArbitrary(route.url), bodies(route.properties), async (url, body) => {
            const before = await fingerprint();
            const res = await t.app.inject({
              method: route.method as 'POST',
              url,
              headers: { ...admin.headers, 'content-type': body.contentType },
              payload: body.payload,
            });
            const where = `${route.method} ${url} ${body.contentType} ${body.payload.slice(0, 200)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
            expectProblem(res, where);
            if (res.statusCode >= 400) expect(await fingerprint(), where).toEqual(before);
          }),
          { numRuns: route.hasBody ? 60 : 20 },
        );
      },
    );
  }

  const randomQuery = fc
    .dictionary(
      fc.oneof(
        fc.constantFrom('limit', 'offset', 'from', 'to', 'sort', 'userId', 'action'),
        fc.string({ maxLength: 8 }),
      ),
      shortNasty,
      { maxKeys: 4 },
    )
    .map((params) => new URLSearchParams(params as Record<string, string>).toString());

  it('finds the read routes', () => {
    expect(targets.filter((r) => r.method === 'GET').length).toBeGreaterThan(3);
  });

  // One test per route, as for the writes: each gets its own time budget however many routes exist.
  for (const route of targets.filter((r) => r.method === 'GET')) {
    it(`GET ${route.url}: random query strings get no 5xx and change nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(urlArbitrary(route.url), randomQuery, async (url, qs) => {
          const before = await fingerprint();
          const res = await t.app.inject({
            method: 'GET',
            url: `${url}?${qs}`,
            headers: { cookie: admin.cookie },
          });
          const where = `GET ${url}?${qs} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
          expectProblem(res, where);
          expect(await fingerprint(), where).toEqual(before);
        }),
        { numRuns: 15 },
      );
    });
  }
});

const validLocation = {
  name: 'Main Street Clinic',
  addressLine1: '1 Main Street',
  city: 'Springfield',
  state: 'IL',
  postalCode: '62701',
  timeZone: 'America/Chicago',
};

const post = (url: string, payload: unknown, headers: Record<string, string> = admin.headers) =>
  t.app.inject({ method: 'POST', url, headers, payload: payload as object });

describe('specific bad input', () => {
  it('answers malformed JSON with 400 /problems/malformed-request', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"name": "Main Street",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toBe('/problems/malformed-request');
  });

  it('names an unknown field', async () => {
    const res = await post('/api/v1/locations', { ...validLocation, nickname: 'The Annex' });
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toBe('/problems/validation-failed');
    expect(res.json().errors).toEqual([{ field: 'body.nickname', message: 'Unknown field: nickname.' }]);
  });

  it('names a field of the wrong type', async () => {
    const res = await post('/api/v1/locations', { ...validLocation, name: 42 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.name']);
  });

  it('names the body itself when it is not an object', async () => {
    const res = await post('/api/v1/locations', [validLocation]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body']);
  });

  it('answers a body over BODY_LIMIT_BYTES with 413 problem+json', async () => {
    const small = await createTestApp({ BODY_LIMIT_BYTES: '2048' });
    try {
      const session = await signIn(small, 'admin');
      const res = await small.app.inject({
        method: 'POST',
        url: '/api/v1/locations',
        headers: session.headers,
        payload: { ...validLocation, name: 'x'.repeat(4096) },
      });
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().type).toBe('/problems/payload-too-large');
      const fits = await small.app.inject({
        method: 'POST',
        url: '/api/v1/locations',
        headers: session.headers,
        payload: validLocation,
      });
      expect(fits.statusCode).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('answers an unknown route with 404 problem+json', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/no-such-thing'],
      ['POST', '/api/v1/no-such-thing'],
      ['DELETE', '/api/v1/locations'],
      ['GET', '/api/v1/users/../../etc/passwd'],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: admin.headers });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().type).toBe('/problems/not-found');
    }
  });

  it('stores SQL and HTML injection strings verbatim, as text', async () => {
    const hostile = {
      ...validLocation,
      name: "Robert'); DROP TABLE users;--",
      addressLine1: '<script>alert("x")</script>',
      addressLine2: "'; DELETE FROM locations; --",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
      city: '${process.exit()}',
      state: '{{constructor}}',
      phone: '+1 (555) 010-0199',
    };
    const created = await post('/api/v1/locations', hostile);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject(hostile);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/locations', headers: admin.headers });
    expect(list.json().items).toContainEqual({ id: created.json().id, ...hostile, deaRegistration: null });
    const stored = await t.database.db
      .selectFrom('locations')
      .select(['name', 'address_line1'])
      .where('id', '=', created.json().id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: hostile.name, address_line1: hostile.addressLine1 });
    const users = await sql<{ n: string }>`SELECT count(*) AS n FROM users`.execute(t.database.db);
    expect(Number(users.rows[0]?.n)).toBeGreaterThanOrEqual(6);
  });

  it('refuses a NUL character or an unpaired surrogate in text with 400 naming the field', async () => {
    for (const name of ['Main\u0000Street', 'Main\ud800Street']) {
      const res = await post('/api/v1/locations', { ...validLocation, name });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('body.name');
    }
  });
});
