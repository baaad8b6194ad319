import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import type { App } from '../src/server/http/types.ts';
import { createTestApp, type Session, signIn, type TestContext } from './helpers/clinic.ts';
import {
  bookTodayIv,
  checkInRequest,
  DAY_START,
  post,
  type SessionSetup,
  vitalsEntry,
} from './sessions-helpers.ts';

let t: TestContext;
let s: SessionSetup;
let other: App;
let otherUrl: string;

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  s = await bookTodayIv(t);
  // A second app instance on the same database, as behind a load balancer; only it listens.
  other = await buildApp({
    db: t.database.db,
    databaseUrl: t.database.url,
    config: loadConfig({
      DATA_DIR: '/nonexistent',
      LOG_LEVEL: 'silent',
      SESSION_IDLE_TIMEOUT_SECONDS: '43200',
    }),
    now: () => t.clock.now,
    logger: false,
  });
  await other.listen({ port: 0, host: '127.0.0.1' });
  otherUrl = `http://127.0.0.1:${(other.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await other.close();
  await t.close();
});

type Stream = { events: { event: string; data: unknown }[]; next(): Promise<void>; close(): void };

/** Opens the board's event stream; resolves once the server is listening for it. */
function openStream(path: string, session: Session): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const events: Stream['events'] = [];
    let waiting: (() => void) | null = null;
    let buffer = '';
    const request = http.get(`${otherUrl}${path}`, { headers: { cookie: session.cookie } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`stream answered ${response.statusCode}`));
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) {
            events.push({ event, data: JSON.parse(data) });
            waiting?.();
            waiting = null;
          }
          end = buffer.indexOf('\n\n');
        }
      });
      resolve({
        events,
        next: () =>
          new Promise<void>((done, fail) => {
            const timer = setTimeout(() => fail(new Error('no event within 5 s')), 5000);
            waiting = () => {
              clearTimeout(timer);
              done();
            };
          }),
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}

describe('live board events across app instances', () => {
  it('delivers a write through one instance to an SSE client of another', async () => {
    const nurse = await signIn(t, 'nurse');
    const stream = await openStream(`/api/v1/locations/${s.locationId}/board/events`, nurse);
    try {
      const arrived = stream.next();
      const checkedIn = await checkInRequest(t, nurse, s.bookingId);
      expect(checkedIn.statusCode, checkedIn.body).toBe(201);
      await arrived;
      const sessionId = checkedIn.json().id;
      expect(stream.events).toEqual([{ event: 'session', data: { sessionId, kind: 'checked-in' } }]);

      const second = stream.next();
      await post(
        t,
        nurse,
        `/api/v1/sessions/${sessionId}/entries`,
        vitalsEntry({ heartRateBpm: 72 }, t.clock.now),
      );
      await second;
      expect(stream.events[1]).toEqual({ event: 'session', data: { sessionId, kind: 'check' } });
      // Events carry ids only: the patient's name reaches the browser through the audited board read.
      expect(JSON.stringify(stream.events)).not.toMatch(/Booking|Pat/);
    } finally {
      stream.close();
    }
  });

  it('sends nothing about a write that failed', async () => {
    const nurse = await signIn(t, 'nurse');
    const stream = await openStream(`/api/v1/locations/${s.locationId}/board/events`, nurse);
    try {
      const res = await post(
        t,
        nurse,
        `/api/v1/sessions/${crypto.randomUUID()}/entries`,
        vitalsEntry({ heartRateBpm: 72 }, t.clock.now),
      );
      expect(res.statusCode).toBe(404);
      await new Promise((r) => setTimeout(r, 300));
      expect(stream.events).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('refuses the front desk and an unknown location', async () => {
    const desk = await signIn(t, 'front_desk');
    await expect(openStream(`/api/v1/locations/${s.locationId}/board/events`, desk)).rejects.toThrow(/403/);
    const nurse = await signIn(t, 'nurse');
    await expect(openStream(`/api/v1/locations/${crypto.randomUUID()}/board/events`, nurse)).rejects.toThrow(
      /404/,
    );
  });
});
