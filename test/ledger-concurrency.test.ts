import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedgerChain } from '../src/server/features/inventory/verify.ts';
import { createTestApp, type TestContext } from './helpers/clinic.ts';
import { type Ledger, setUpLedger } from './helpers/ledger.ts';

let t: TestContext;
let l: Ledger;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T15:00:00Z');
  l = await setUpLedger(t);
}, 60_000);
afterAll(() => t.close());

describe('drawing the last units at once', () => {
  it('lets exactly as many through as there is stock for: never negative, no entry lost or duplicated', async () => {
    const { lotId } = await l.receive(l.nurse, { containers: 1 }); // 500 mg
    const sessions = [l.nurse, l.nurse2.session];
    // 40 clients each draw 25 mg from 500 mg: exactly 20 can succeed.
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        l.post(sessions[i % 2] as typeof l.nurse, '/administrations', {
          lotId,
          cabinetId: l.cabinets[0],
          quantity: 25,
          patientId: l.patientId,
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(20);
    expect(codes.filter((c) => c === 400)).toHaveLength(20);
    for (const loser of responses.filter((r) => r.statusCode === 400)) {
      expect(loser.json().errors[0].field).toBe('body.quantity');
    }
    const entries = await t.database.db
      .selectFrom('ledger_entries')
      .select(['seq', 'balance_after'])
      .where('lot_id', '=', lotId)
      .where('kind', '=', 'administration')
      .orderBy('seq')
      .execute();
    expect(entries).toHaveLength(20);
    expect(entries.map((e) => e.balance_after)).toEqual(
      Array.from({ length: 20 }, (_, i) => (475 - 25 * i).toFixed(1)),
    );
    const balance = await t.database.db
      .selectFrom('ledger_balances')
      .select('balance')
      .where('lot_id', '=', lotId)
      .executeTakeFirstOrThrow();
    expect(balance.balance).toBe('0.0');
    const verification = await verifyLedgerChain(t.database.db, t.clinic.orgId);
    expect(verification.firstBad).toBeUndefined();
    expect(verification).toMatchObject({ ok: true, entries: 21 });
  }, 120_000);
});
