import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageOverdueAlerts } from '../src/server/features/alerts/service.ts';
import { sendBeforeSessionReminders, sendDueReminders } from '../src/server/features/measures/schedule.ts';
import { createDelivery } from '../src/server/features/outbox/channels.ts';
import { dispatchDue } from '../src/server/features/outbox/store.ts';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';

/** A real HTTP endpoint standing in for a paging or SMS service. */
let webhook: http.Server;
let webhookUrl: string;
let webhookStatus = 200;
const pages: { kind: string; subject: string; text: string }[] = [];

/** A real SMTP server on loopback. */
let smtp: SMTPServer;
let smtpPort: number;
const mails: string[] = [];

let t: TestContext;
let admin: Session;
let nurse: Session;
let patientId: string;

beforeAll(async () => {
  webhook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (webhookStatus === 200) pages.push(JSON.parse(body));
      res.writeHead(webhookStatus).end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/page`;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (c) => (data += c));
      stream.on('end', () => {
        mails.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
  admin = await signIn(t, 'admin');
  nurse = await signIn(t, 'nurse');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: nurse.headers,
    payload: {
      legalGivenName: 'Kai',
      legalFamilyName: 'Morgan',
      dateOfBirth: '1991-07-14',
      sexAtBirth: 'unknown',
      email: 'kai@example.test',
      status: 'active',
    },
  });
  patientId = res.json().id;
});

afterAll(async () => {
  await t.close();
  webhook.close();
  smtp.close();
});

const deliver = () =>
  createDelivery({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, smtpFrom: 'Ketaflow <k@localhost>' });
const settingsBody = (overrides: object = {}) => ({
  clinicPhone: '+1 212 555 0100',
  onCallName: 'Dr On Call',
  onCallEmail: null,
  onCallWebhookUrl: null,
  pageUnacknowledgedAfterMinutes: 60,
  measureLinkHours: 72,
  madrsRemissionMax: 10,
  madrsSuicideItemAtLeast: 4,
  ...overrides,
});
const put = (body: object) =>
  t.app.inject({ method: 'PUT', url: '/api/v1/settings/clinic', headers: admin.headers, payload: body });
const status = async () =>
  (await t.app.inject({ url: '/api/v1/paging-status', headers: nurse.headers })).json();

describe('paging readiness', () => {
  it('warns until a channel is configured and a test page has succeeded', async () => {
    expect(await status()).toMatchObject({
      ready: false,
      reason: expect.stringMatching(/No paging channel/),
    });
    expect(
      (await put(settingsBody({ onCallWebhookUrl: webhookUrl, onCallEmail: 'oncall@clinic.test' })))
        .statusCode,
    ).toBe(200);
    expect(await status()).toMatchObject({ ready: false, reason: expect.stringMatching(/test page/) });

    webhookStatus = 500;
    const failed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/settings/clinic/test-page',
      headers: admin.headers,
    });
    const byChannel = Object.fromEntries(
      failed.json().results.map((r: { channel: string; ok: boolean }) => [r.channel, r.ok]),
    );
    expect(byChannel).toEqual({ email: true, webhook: false });
    expect(failed.json().status.ready).toBe(true);
    webhookStatus = 200;
    expect(mails.at(-1)).toContain('Ketaflow test page');
  });

  it('needs a new test page when the channels change', async () => {
    await put(settingsBody({ onCallWebhookUrl: webhookUrl }));
    expect((await status()).ready).toBe(false);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/settings/clinic/test-page',
      headers: admin.headers,
    });
    expect(ok.json().results).toEqual([{ channel: 'webhook', recipient: webhookUrl, ok: true, error: null }]);
    expect(pages.at(-1)).toMatchObject({ kind: 'test-page' });
    expect((await status()).ready).toBe(true);
  });

  it('refuses a webhook that is not http(s), naming the field', async () => {
    const res = await put(settingsBody({ onCallWebhookUrl: 'file:///etc/passwd' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.onCallWebhookUrl');
  });
});

describe('alert paging', () => {
  const submit = (instrument: string, answers: object) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/responses`,
      headers: nurse.headers,
      payload: { instrument, answers, source: 'staff-for-patient', idempotencyKey: randomUUID() },
    });

  it('pages a C-SSRS high-risk alert at once, with the MRN and no answers', async () => {
    const res = await submit('cssrs-screener', { q1: 1, q2: 1, q3: 1, q4: 1, q5: 0, q6: 0 });
    expect(res.statusCode).toBe(201);
    const before = pages.length;
    await dispatchDue(t.database.db, deliver(), () => t.clock.now);
    expect(pages.length).toBe(before + 1);
    expect(pages.at(-1)?.subject).toMatch(/HIGH suicide-risk alert: patient MRN-/);
    expect(pages.at(-1)?.text).not.toMatch(/Kai|Morgan/);
  });

  it('pages any other alert only when still unacknowledged after the clinic’s delay', async () => {
    const res = await submit('phq9', { q1: 1, q2: 1, q3: 1, q4: 1, q5: 1, q6: 1, q7: 1, q8: 1, q9: 1 });
    const alertId = res.json().alertId;
    expect(await pageOverdueAlerts(t.database.db, t.clock.now, 'http://x')).toBe(0);
    t.clock.advance(61 * 60);
    admin = await signIn(t, 'admin');
    nurse = await signIn(t, 'nurse');
    expect(await pageOverdueAlerts(t.database.db, t.clock.now, 'http://x')).toBe(1);
    const before = pages.length;
    await dispatchDue(t.database.db, deliver(), () => t.clock.now);
    expect(pages.length).toBe(before + 1);
    const row = await t.database.db
      .selectFrom('risk_alerts')
      .select(['paged_at', 'acknowledged_at'])
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(row.paged_at).not.toBeNull();
    expect(row.acknowledged_at).toBeNull();
  });

  it('keeps retrying a page that fails, and lists it on the outbox page', async () => {
    webhookStatus = 503;
    await submit('cssrs-screener', { q1: 1, q2: 1, q3: 0, q4: 0, q5: 1, q6: 0 });
    await dispatchDue(t.database.db, deliver(), () => t.clock.now);
    const outbox = await t.app.inject({ url: '/api/v1/outbox', headers: admin.headers });
    const waiting = outbox
      .json()
      .items.find((m: { sentAt: string | null; kind: string }) => m.kind === 'risk-page' && !m.sentAt);
    expect(waiting.lastError).toMatch(/HTTP 503/);
    webhookStatus = 200;
    t.clock.advance(5 * 60);
    await dispatchDue(t.database.db, deliver(), () => t.clock.now);
    const after = await t.database.db
      .selectFrom('outbox')
      .select('sent_at')
      .where('id', '=', waiting.id)
      .executeTakeFirstOrThrow();
    expect(after.sent_at).not.toBeNull();
  });
});

describe('measure schedule and reminders', () => {
  it('sends a fresh link by email when a weekly questionnaire falls due, then moves the due date a week on', async () => {
    nurse = await signIn(t, 'nurse');
    const add = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/measure-schedule`,
      headers: nurse.headers,
      payload: { instrument: 'phq9', cadence: 'weekly' },
    });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json().items[0]).toMatchObject({ instrument: 'phq9', due: true });
    expect(await sendDueReminders(t.database.db, t.clock.now, 'http://clinic.test')).toBe(1);
    expect(await sendDueReminders(t.database.db, t.clock.now, 'http://clinic.test')).toBe(0);
    await dispatchDue(t.database.db, deliver(), () => t.clock.now);
    // Quoted-printable mail bodies wrap long lines with "=" at the end.
    const mail = mails.at(-1)?.replace(/=\r\n/g, '');
    expect(mail).toContain('http://clinic.test/m/');
    expect(mail).toContain('kai@example.test');
    const list = await t.app.inject({
      url: `/api/v1/patients/${patientId}/measure-schedule`,
      headers: nurse.headers,
    });
    const item = list.json().items[0];
    expect(item.due).toBe(false);
    expect(new Date(item.nextDueAt).getTime() - t.clock.now.getTime()).toBeGreaterThan(6 * 86_400_000);
  });

  it('keeps email on the outbox page when SMTP is not configured', async () => {
    const failing = createDelivery({ smtpUrl: undefined, smtpFrom: 'x <x@x>' });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/measure-schedule`,
      headers: nurse.headers,
      payload: { instrument: 'gad7', cadence: 'once' },
    });
    await sendDueReminders(t.database.db, t.clock.now, 'http://clinic.test');
    await dispatchDue(t.database.db, failing, () => t.clock.now);
    const outbox = await t.app.inject({ url: '/api/v1/outbox', headers: admin.headers });
    const waiting = outbox
      .json()
      .items.find((m: { kind: string; sentAt: string | null }) => m.kind === 'measure-reminder' && !m.sentAt);
    expect(waiting.lastError).toMatch(/SMTP is not configured/);
  });

  it('sends one link for all before-session questionnaires a day before each booked session, once', async () => {
    nurse = await signIn(t, 'nurse');
    for (const instrument of ['phq9', 'gad7']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/patients/${patientId}/measure-schedule`,
        headers: nurse.headers,
        payload: { instrument, cadence: 'before-session' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const db = t.database.db;
    const location = await db
      .insertInto('locations')
      .values({
        org_id: t.clinic.orgId,
        name: 'Main',
        address_line1: '1 St',
        city: 'NYC',
        state: 'NY',
        postal_code: '10001',
        time_zone: 'America/New_York',
        updated_at: t.clock.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const chair = await db
      .insertInto('chairs')
      .values({
        org_id: t.clinic.orgId,
        location_id: location.id,
        name: 'Chair 1',
        kind: 'chair',
        created_at: t.clock.now,
        updated_at: t.clock.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const startsIn = (hours: number) => new Date(t.clock.now.getTime() + hours * 3_600_000);
    for (const hours of [20, 60]) {
      await db
        .insertInto('bookings')
        .values({
          org_id: t.clinic.orgId,
          location_id: location.id,
          chair_id: chair.id,
          patient_id: patientId,
          route: 'iv-ketamine',
          protocol_id: 'iv-ketamine-standard',
          protocol_version: 1,
          phase_id: 'induction',
          starts_at: startsIn(hours),
          ends_at: startsIn(hours + 2),
          driver_name: 'Sam',
          driver_phone: '+1 212 555 0101',
          ride_home_source: 'entered',
          created_at: t.clock.now,
        })
        .execute();
    }
    expect(await sendBeforeSessionReminders(db, t.clock.now, 'http://clinic.test')).toBe(1);
    expect(await sendBeforeSessionReminders(db, t.clock.now, 'http://clinic.test')).toBe(0);
    const links = await db
      .selectFrom('measure_links')
      .select('instruments')
      .where('patient_id', '=', patientId)
      .execute();
    expect(links.filter((l) => [...l.instruments].sort().join() === 'gad7,phq9')).toHaveLength(1);
    const list = await t.app.inject({
      url: `/api/v1/patients/${patientId}/measure-schedule`,
      headers: nurse.headers,
    });
    expect(
      list
        .json()
        .items.filter((i: { cadence: string; due: boolean }) => i.cadence === 'before-session' && i.due),
    ).toEqual([]);
  });
});
