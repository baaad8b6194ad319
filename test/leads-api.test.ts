import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import { issueFormToken } from '../src/server/features/leads/form-token.ts';
import { serverSecret } from '../src/server/features/leads/server-secret.ts';
import { FORM_SECRET_NAME } from '../src/server/features/leads/service.ts';
import { readSettings, writeSettings } from '../src/server/features/settings/store.ts';
import { createTestApp, type Session, seedClinic, signIn, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
let frontDesk: Session;
let nurse: Session;
let admin: Session;
let otherOrgId: string;
let nextIp = 1;
/** Each test speaks from an address of its own, so rate limits do not leak between tests. */
const freshIp = () => `10.0.0.${nextIp++}`;

beforeAll(async () => {
  t = await createTestApp();
  otherOrgId = (await seedClinic(t.database.db, 'Other Clinic', false)).orgId;
  frontDesk = await signIn(t, 'front_desk');
  nurse = await signIn(t, 'nurse');
  admin = await signIn(t, 'admin');
  await writeSettings(
    t.database.db,
    t.clinic.orgId,
    { ...(await readSettings(t.database.db, t.clinic.orgId)), onCallEmail: 'oncall@clinic.test' },
    t.clock.now,
  );
});
afterAll(() => t.close());

type Response = Awaited<ReturnType<TestContext['app']['inject']>>;
const fields = (res: Response) => (res.json().errors ?? []).map((e: { field: string }) => e.field);
const valid = {
  name: 'Robin Example',
  phone: '(212) 555-0199',
  bestTime: 'evening',
  preferredContact: 'phone',
  message: 'Please call after 6.',
  consent: true,
};
const submit = (payload: object, ip = freshIp()) =>
  t.app.inject({ method: 'POST', url: '/api/v1/callback-requests', payload, remoteAddress: ip });
const staff = (session: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: session.headers, ...(payload ? { payload } : {}) });
const leadCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('leads')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const outboxFor = (leadId: string) =>
  t.database.db
    .selectFrom('outbox')
    .selectAll()
    .where('related_id', '=', leadId)
    .orderBy('recipient')
    .execute();

describe('callback requests from the public site', () => {
  it('stores a request with its consent, records who it came from, and notifies the staff who work leads', async () => {
    const res = await submit({ ...valid, name: '<b>Robin</b> Example' });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    const lead = await t.database.db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(lead).toMatchObject({
      org_id: t.clinic.orgId,
      name: '<b>Robin</b> Example',
      phone: '(212) 555-0199',
      best_time: 'evening',
      preferred_contact: 'phone',
      status: 'new',
      urgent: false,
    });
    expect(lead.consent_text).toMatch(/may contact me/);
    const messages = await outboxFor(id);
    expect(messages.map((m) => [m.kind, m.recipient])).toEqual([
      ['lead-new', t.clinic.users.admin.email],
      ['lead-new', t.clinic.users.front_desk.email],
    ]);
    // Minimum necessary: no name or number in a message that leaves the system.
    for (const m of messages) expect(`${m.subject} ${m.body}`).not.toMatch(/Robin|555-0199/);
    await sealAll(t.database.db);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('entity_type', '=', 'lead')
      .where('entity_id', '=', id)
      .execute();
    expect(audit).toEqual([{ action: 'create', user_id: null }]);
  });

  it.each([
    ['no consent', { ...valid, consent: false }, 'body.consent'],
    ['consent missing', { ...valid, consent: undefined }, 'body.consent'],
    ['a bad phone', { ...valid, phone: 'call me' }, 'body.phone'],
    ['a phone too short', { ...valid, phone: '555-0199' }, 'body.phone'],
    ['email preferred without an email', { ...valid, preferredContact: 'email' }, 'body.email'],
    ['a bad email', { ...valid, email: 'not-an-email' }, 'body.email'],
    ['an absurdly long message', { ...valid, message: 'x'.repeat(501) }, 'body.message'],
    ['an absurdly long name', { ...valid, name: 'x'.repeat(121) }, 'body.name'],
    ['an unknown best time', { ...valid, bestTime: 'midnight' }, 'body.bestTime'],
    ['eight self-check answers', { ...valid, selfCheck: [0, 0, 0, 0, 0, 0, 0, 0] }, 'body.selfCheck'],
    ['a self-check answer of 4', { ...valid, selfCheck: [0, 0, 0, 0, 0, 0, 0, 0, 4] }, 'body.selfCheck.8'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_label, payload, field) => {
    const before = await leadCount();
    const res = await submit(payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fields(res)).toContain(field);
    expect(await leadCount()).toBe(before);
  });

  it('accepts email as the preferred contact when the email is given', async () => {
    const res = await submit({ ...valid, preferredContact: 'email', email: 'Robin@Example.org' });
    expect(res.statusCode, res.body).toBe(201);
    const lead = await t.database.db
      .selectFrom('leads')
      .select('email')
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(lead.email).toBe('robin@example.org');
  });

  it('answers a filled honeypot like a real request but stores nothing and counts it as spam', async () => {
    const before = await leadCount();
    const res = await submit({ ...valid, website: 'https://spam.example' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'new' });
    expect(await leadCount()).toBe(before);
    const spam = await t.database.db
      .selectFrom('lead_spam_counts')
      .selectAll()
      .where('reason', '=', 'honeypot')
      .execute();
    expect(spam.map((s) => s.count)).toEqual([1]);
    expect(
      await t.database.db.selectFrom('outbox').selectAll().where('related_id', '=', res.json().id).execute(),
    ).toEqual([]);
  });

  it('discards a form sent faster than a person could fill it, and accepts it after the minimum time', async () => {
    const secret = await serverSecret(t.database.db, FORM_SECRET_NAME);
    const formToken = issueFormToken(secret, t.clock.now);
    const before = await leadCount();
    const fast = await submit({ ...valid, formToken });
    expect(fast.statusCode).toBe(201);
    expect(await leadCount()).toBe(before);
    const counted = await t.database.db
      .selectFrom('lead_spam_counts')
      .selectAll()
      .where('reason', '=', 'too-fast')
      .execute();
    expect(counted.map((s) => s.count)).toEqual([1]);

    t.clock.advance(5);
    const human = await submit({ ...valid, formToken });
    expect(human.statusCode, human.body).toBe(201);
    expect(await leadCount()).toBe(before + 1);
  });

  it('refuses a forged or expired form token, naming the field', async () => {
    const secret = await serverSecret(t.database.db, FORM_SECRET_NAME);
    const genuine = issueFormToken(secret, new Date(t.clock.now.getTime() - 60_000));
    const forged = `${t.clock.now.getTime() - 120_000}.${genuine.split('.')[1]}`;
    const before = await leadCount();
    for (const formToken of [
      forged,
      'nonsense',
      issueFormToken(secret, new Date(t.clock.now.getTime() - 3 * 86_400_000)),
    ]) {
      const res = await submit({ ...valid, formToken });
      expect(res.statusCode, formToken).toBe(400);
      expect(fields(res)).toEqual(['body.formToken']);
    }
    expect(await leadCount()).toBe(before);
  });

  it('rate-limits requests without a form token per address: 429 with Retry-After', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await submit(valid, ip)).statusCode).toBe(201);
    const before = await leadCount();
    const limited = await submit(valid, ip);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().type).toBe('/problems/too-many-requests');
    expect(await leadCount()).toBe(before);
    // Another address is not affected.
    expect((await submit(valid)).statusCode).toBe(201);
  });

  it('rate-limits every request per address, with a form token too', async () => {
    const ip = freshIp();
    const secret = await serverSecret(t.database.db, FORM_SECRET_NAME);
    const formToken = issueFormToken(secret, new Date(t.clock.now.getTime() - 60_000));
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await submit({ ...valid, formToken }, ip)).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 201)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('scores a self-check the visitor sends, and raises an item-9 answer as urgent and pages on-call', async () => {
    const res = await submit({ ...valid, selfCheck: [2, 2, 2, 1, 1, 1, 1, 1, 1] });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    const lead = await t.database.db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ self_check_total: 12, self_check_severity: 'moderate', urgent: true });
    expect(lead.self_check).toEqual([2, 2, 2, 1, 1, 1, 1, 1, 1]);
    const messages = await outboxFor(id);
    expect(messages.filter((m) => m.kind === 'lead-urgent').map((m) => m.recipient)).toEqual([
      'oncall@clinic.test',
    ]);
    expect(messages.filter((m) => m.kind === 'lead-new').every((m) => /URGENT/.test(m.subject))).toBe(true);

    const calm = await submit({ ...valid, selfCheck: [1, 1, 1, 1, 1, 1, 1, 1, 0] });
    const calmLead = await t.database.db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', calm.json().id)
      .executeTakeFirstOrThrow();
    expect(calmLead).toMatchObject({ self_check_total: 8, self_check_severity: 'mild', urgent: false });
  });
});

describe('the lead queue', () => {
  let leadId: string;
  beforeAll(async () => {
    leadId = (await submit({ ...valid, name: 'Queue Person', phone: '+1 917 555 0123' })).json().id;
  });

  it('lists urgent requests first and counts the spam it discarded', async () => {
    const res = await staff(frontDesk, 'GET', '/api/v1/leads?status=new');
    expect(res.statusCode, res.body).toBe(200);
    const { items, spam, total } = res.json();
    expect(total).toBe(items.length);
    expect(items[0].urgent).toBe(true);
    expect(items.some((l: { id: string }) => l.id === leadId)).toBe(true);
    expect(spam).toEqual({ honeypot: 1, tooFast: 1 });
    expect((await staff(frontDesk, 'GET', '/api/v1/leads?status=bogus')).statusCode).toBe(400);
  });

  it('moves a request through the statuses with notes and keeps who did what and when', async () => {
    const contacted = await staff(frontDesk, 'POST', `/api/v1/leads/${leadId}/status`, {
      from: 'new',
      to: 'contacted',
      note: 'Left a voicemail.',
    });
    expect(contacted.statusCode, contacted.body).toBe(200);
    t.clock.advance(60);
    const note = await staff(frontDesk, 'POST', `/api/v1/leads/${leadId}/notes`, {
      note: 'Called back, wants a consult.',
    });
    expect(note.statusCode, note.body).toBe(201);
    const booked = await staff(frontDesk, 'POST', `/api/v1/leads/${leadId}/status`, {
      from: 'contacted',
      to: 'consult-booked',
    });
    expect(booked.statusCode).toBe(200);
    const lead = booked.json();
    expect(lead.status).toBe('consult-booked');
    expect(
      lead.events.map(
        (e: { kind: string; toStatus: string | null; userName: string | null; note: string | null }) => [
          e.kind,
          e.toStatus,
          e.userName,
          e.note,
        ],
      ),
    ).toEqual([
      ['created', 'new', null, null],
      ['status', 'contacted', 'front_desk user', 'Left a voicemail.'],
      ['note', null, 'front_desk user', 'Called back, wants a consult.'],
      ['status', 'consult-booked', 'front_desk user', null],
    ]);
    await sealAll(t.database.db);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('entity_type', '=', 'lead')
      .where('entity_id', '=', leadId)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(3);
    expect(audit.every((a) => a.user_id === t.clinic.users.front_desk.id)).toBe(true);
  });

  it('refuses a stale move with 409, an impossible move with 400, and changes nothing', async () => {
    const stale = await staff(frontDesk, 'POST', `/api/v1/leads/${leadId}/status`, {
      from: 'new',
      to: 'contacted',
    });
    expect(stale.statusCode).toBe(409);
    const impossible = await staff(frontDesk, 'POST', `/api/v1/leads/${leadId}/status`, {
      from: 'consult-booked',
      to: 'new',
    });
    expect(impossible.statusCode).toBe(400);
    expect(fields(impossible)).toEqual(['body.to']);
    const empty = await staff(frontDesk, 'POST', `/api/v1/leads/${leadId}/notes`, { note: '   ' });
    expect(empty.statusCode).toBe(400);
    const lead = (await staff(frontDesk, 'GET', `/api/v1/leads/${leadId}`)).json();
    expect(lead.status).toBe('consult-booked');
    expect(lead.events).toHaveLength(4);
  });

  it('lets clinicians read but not work the queue, and hides other clinics’ requests', async () => {
    expect((await staff(nurse, 'GET', `/api/v1/leads/${leadId}`)).statusCode).toBe(200);
    expect((await staff(nurse, 'POST', `/api/v1/leads/${leadId}/notes`, { note: 'x' })).statusCode).toBe(403);
    const other = await t.database.db
      .insertInto('leads')
      .values({
        org_id: otherOrgId,
        name: 'Elsewhere',
        phone: '2125550100',
        email: null,
        best_time: 'any',
        preferred_contact: 'phone',
        message: null,
        consent_text: 'yes',
        consented_at: t.clock.now,
        self_check: null,
        self_check_total: null,
        self_check_severity: null,
        urgent_reason: null,
        patient_id: null,
        created_at: t.clock.now,
        updated_at: t.clock.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await staff(frontDesk, 'GET', `/api/v1/leads/${other.id}`)).statusCode).toBe(404);
    expect(
      (await staff(frontDesk, 'POST', `/api/v1/leads/${other.id}/status`, { from: 'new', to: 'contacted' }))
        .statusCode,
    ).toBe(404);
  });

  it('converts a request into a patient, respecting the duplicate warning', async () => {
    const person = {
      legalGivenName: 'Queue',
      legalFamilyName: 'Person',
      dateOfBirth: '1990-05-01',
      sexAtBirth: 'unknown',
    };
    expect((await staff(admin, 'POST', `/api/v1/leads/${leadId}/convert`, person)).statusCode).toBe(403);
    const converted = await staff(frontDesk, 'POST', `/api/v1/leads/${leadId}/convert`, person);
    expect(converted.statusCode, converted.body).toBe(200);
    const lead = converted.json();
    expect(lead.patientId).toBeTruthy();
    expect(lead.events.at(-1)).toMatchObject({ kind: 'converted', patientId: lead.patientId });
    const patient = await staff(frontDesk, 'GET', `/api/v1/patients/${lead.patientId}`);
    expect(patient.json()).toMatchObject({
      legalGivenName: 'Queue',
      phone: '+1 917 555 0123',
      status: 'lead',
    });
    expect((await staff(frontDesk, 'POST', `/api/v1/leads/${leadId}/convert`, person)).statusCode).toBe(409);

    const twin = (await submit({ ...valid, name: 'Queue Person again' })).json().id;
    const duplicate = await staff(frontDesk, 'POST', `/api/v1/leads/${twin}/convert`, person);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().duplicates).toEqual([expect.objectContaining({ id: lead.patientId })]);
    const twinLead = (await staff(frontDesk, 'GET', `/api/v1/leads/${twin}`)).json();
    expect(twinLead.patientId).toBeNull();
    const confirmed = await staff(frontDesk, 'POST', `/api/v1/leads/${twin}/convert`, {
      ...person,
      confirmDuplicate: true,
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().patientId).not.toBe(lead.patientId);
  });
});
