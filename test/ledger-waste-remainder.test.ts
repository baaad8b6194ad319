import type { Response } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, signIn, TEST_PASSWORD, type TestContext } from './helpers/clinic.ts';
import { ledgerRows } from './helpers/ledger.ts';
import { createPatient, type Scheduling, setUpScheduling } from './helpers/schedule.ts';
import {
  addWitnessNurse,
  bookTodayIv,
  checkInRequest,
  DAY_START,
  doseSignatures,
  post,
  type Stock,
  stockTheCabinet,
  vitalsEntry,
} from './sessions-helpers.ts';

// A waste that names an administration can never exceed what that administration left in its vial,
// whichever screen records it (the session chart or the inventory's waste form) and however the two
// interleave: the ledger checks it under its lock. A 50 mg vial and a 35 mg dose leave 15 mg.
let t: TestContext;
let scheduling: Scheduling;
let stock: Stock;
let nurse: Session;
let witness: { id: string; email: string };
let patientId: string;

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: '43200' });
  t.clock.now = DAY_START;
  scheduling = await setUpScheduling(t, ['Chair 1', 'Chair 2']);
  stock = await stockTheCabinet(t, scheduling);
  witness = await addWitnessNurse(t);
  nurse = await signIn(t, 'nurse');
  patientId = await createPatient(t, nurse);
});
afterAll(() => t.close());

const witnesses = () => [{ email: witness.email, password: TEST_PASSWORD }];

/** An administration from the inventory screen; returns its ledger entry's id. */
async function administerFromInventory(lotId: string, quantity: number): Promise<string> {
  const res = await post(t, nurse, '/api/v1/inventory/administrations', {
    lotId,
    cabinetId: stock.cabinetId,
    quantity,
    patientId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().entry.id;
}

function wasteFromInventory(lotId: string, administrationEntryId: string, quantity: number) {
  return post(t, nurse, '/api/v1/inventory/waste', {
    lotId,
    cabinetId: stock.cabinetId,
    quantity,
    administrationEntryId,
    reason: 'Remainder of the opened vial',
    witnesses: witnesses(),
  });
}

function wasteFromChart(sessionId: string, quantity: number) {
  return post(t, nurse, `/api/v1/sessions/${sessionId}/waste`, {
    quantity,
    reason: 'Remainder of the vial after the dose',
    witnesses: witnesses(),
  });
}

/** A checked-in IV session given 35 mg of lot K-2211 from its chart. */
async function chartedDose(chair: number): Promise<{ sessionId: string; administrationEntryId: string }> {
  const booking = await bookTodayIv(t, chair, scheduling);
  nurse = await signIn(t, 'nurse');
  const checkIn = await checkInRequest(t, nurse, booking.bookingId);
  expect(checkIn.statusCode, checkIn.body).toBe(201);
  const sessionId = checkIn.json().id as string;
  const bp = await post(
    t,
    nurse,
    `/api/v1/sessions/${sessionId}/entries`,
    vitalsEntry({ systolicMmHg: 122, diastolicMmHg: 78, heartRateBpm: 72, spo2Percent: 98 }, t.clock.now),
  );
  expect(bp.statusCode, bp.body).toBe(201);
  const given = await post(t, nurse, `/api/v1/sessions/${sessionId}/administration`, {
    doseMg: 35,
    lotId: stock.ketamineLotId,
    cabinetId: stock.cabinetId,
    startedAt: t.clock.now.toISOString(),
    pumpRateMlPerH: 150,
    ...(await doseSignatures(t)),
  });
  expect(given.statusCode, given.body).toBe(201);
  expect(given.json().administration.wasteDue).toMatchObject({ quantity: 15, unit: 'mg' });
  return { sessionId, administrationEntryId: given.json().administration.ledgerEntryId };
}

/** What the waste entries naming an administration add up to, in mg. */
async function wastedAgainst(administrationEntryId: string): Promise<number> {
  const rows = await t.database.db
    .selectFrom('ledger_entries')
    .select('quantity')
    .where('related_entry_id', '=', administrationEntryId)
    .where('kind', '=', 'waste')
    .execute();
  return rows.reduce((sum, r) => sum - Number(r.quantity), 0);
}

async function refusedWritingNothing(send: () => Promise<Response>, message: string): Promise<void> {
  const before = await ledgerRows(t);
  const res = await send();
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  expect(res.json().errors).toEqual([{ field: 'body.quantity', message }]);
  expect(await ledgerRows(t)).toEqual(before);
}

describe('a waste from the inventory screen naming an administration', () => {
  it('is refused beyond what the administration left in its vial, writing nothing', async () => {
    const lotId = await stock.receive(stock.ketamineProductId, 'K-OVER', 2);
    const given = await administerFromInventory(lotId, 35);
    await refusedWritingNothing(
      () => wasteFromInventory(lotId, given, 16),
      'Only 15 mg was left in the vial from that administration.',
    );
    expect(await wastedAgainst(given)).toBe(0);
  });

  it('may waste the remainder in parts up to exactly all of it, and nothing after', async () => {
    const lotId = await stock.receive(stock.ketamineProductId, 'K-PARTS', 2);
    const given = await administerFromInventory(lotId, 35);
    const part = await wasteFromInventory(lotId, given, 5.5);
    expect(part.statusCode, part.body).toBe(201);
    const rest = await wasteFromInventory(lotId, given, 9.5);
    expect(rest.statusCode, rest.body).toBe(201);
    expect(await wastedAgainst(given)).toBe(15);
    await refusedWritingNothing(
      () => wasteFromInventory(lotId, given, 0.1),
      'Only 15 mg was left in the vial from that administration, and 15 mg of it is already wasted.',
    );
  });

  it('lets exactly one of three wastes of the whole remainder sent at once through', async () => {
    const lotId = await stock.receive(stock.ketamineProductId, 'K-RACE', 2);
    const given = await administerFromInventory(lotId, 35);
    const responses = await Promise.all([1, 2, 3].map(() => wasteFromInventory(lotId, given, 15)));
    const codes = responses.map((r) => r.statusCode);
    expect(codes.sort()).toEqual([201, 400, 400]);
    for (const loser of responses.filter((r) => r.statusCode === 400)) {
      expect(loser.json().errors).toEqual([
        {
          field: 'body.quantity',
          message:
            'Only 15 mg was left in the vial from that administration, and 15 mg of it is already wasted.',
        },
      ]);
    }
    expect(await wastedAgainst(given)).toBe(15);
  });

  it('is refused for a dose that emptied its vial', async () => {
    const lotId = await stock.receive(stock.ketamineProductId, 'K-WHOLE', 2);
    const given = await administerFromInventory(lotId, 50);
    await refusedWritingNothing(
      () => wasteFromInventory(lotId, given, 1),
      'Nothing was left in the vial from that administration.',
    );
  });

  it('is refused for an esketamine administration: nasal devices leave nothing to waste', async () => {
    const lotId = await stock.receive(stock.esketamineProductId, 'ESK-1', 4);
    const given = await administerFromInventory(lotId, 2);
    await refusedWritingNothing(
      () => wasteFromInventory(lotId, given, 1),
      'Nasal devices are used whole, so that administration left nothing to waste.',
    );
  });
});

describe('the chart and the inventory screen wasting the same remainder', () => {
  it('refuses the inventory screen once the chart has wasted the remainder', async () => {
    const { sessionId, administrationEntryId } = await chartedDose(0);
    const charted = await wasteFromChart(sessionId, 15);
    expect(charted.statusCode, charted.body).toBe(201);
    await refusedWritingNothing(
      () => wasteFromInventory(stock.ketamineLotId, administrationEntryId, 15),
      'Only 15 mg was left in the vial from that administration, and 15 mg of it is already wasted.',
    );
    expect(await wastedAgainst(administrationEntryId)).toBe(15);
  });

  it('lets exactly one of two wastes of the whole remainder sent at once through', async () => {
    const { sessionId, administrationEntryId } = await chartedDose(1);
    const [chart, inventory] = await Promise.all([
      wasteFromChart(sessionId, 15),
      wasteFromInventory(stock.ketamineLotId, administrationEntryId, 15),
    ]);
    const codes = [chart.statusCode, inventory.statusCode];
    expect(
      codes.filter((c) => c === 201),
      `${chart.body}\n${inventory.body}`,
    ).toHaveLength(1);
    // The chart's loser may stop at its own re-check (409) or at the ledger's (400).
    if (chart.statusCode !== 201) expect([400, 409]).toContain(chart.statusCode);
    if (inventory.statusCode !== 201) {
      expect(inventory.statusCode).toBe(400);
      expect(inventory.json().errors[0].field).toBe('body.quantity');
    }
    expect(await wastedAgainst(administrationEntryId)).toBe(15);
  });
});
