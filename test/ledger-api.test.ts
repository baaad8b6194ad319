import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  currentTotp,
  type Session,
  signIn,
  TEST_PASSWORD,
  type TestContext,
} from './helpers/clinic.ts';
import { type Ledger, ledgerRows, SUPPLIER, setUpLedger } from './helpers/ledger.ts';

let t: TestContext;
let l: Ledger;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T15:00:00Z');
  l = await setUpLedger(t);
});
afterAll(() => t.close());

const witness = () => ({ email: l.nurse2.email, password: TEST_PASSWORD });

async function unchanged<T>(work: () => Promise<T>): Promise<T> {
  const before = await ledgerRows(t);
  const balances = await t.database.db.selectFrom('ledger_balances').selectAll().execute();
  const result = await work();
  expect(await ledgerRows(t)).toEqual(before);
  expect(await t.database.db.selectFrom('ledger_balances').selectAll().execute()).toEqual(balances);
  return result;
}

describe('receipt → administration → waste → count → report', () => {
  it('walks the whole flow with exact balances, a witness and the 1304.22(c) fields', async () => {
    const { lotId, entry } = await l.receive(l.nurse);
    expect(entry).toMatchObject({
      kind: 'receipt',
      quantity: 1000,
      balanceAfter: 1000,
      balanceAfterMl: 20,
      seq: 1,
    });
    expect(entry.details).toMatchObject({
      containers: 2,
      invoiceNumber: 'INV-1001',
      supplierDea: 'RH0123454',
    });

    const given = await l.post(l.nurse, '/administrations', {
      lotId,
      cabinetId: l.cabinets[0],
      quantity: 35.5,
      patientId: l.patientId,
    });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toMatchObject({
      entry: {
        kind: 'administration',
        quantity: -35.5,
        quantityMl: -0.71,
        balanceAfter: 964.5,
        patientId: l.patientId,
      },
      openContainerRemainder: 464.5,
    });
    const adminEntry = given.json().entry;

    const waste = await l.post(l.nurse, '/waste', {
      lotId,
      cabinetId: l.cabinets[0],
      quantity: 14.5,
      administrationEntryId: adminEntry.id,
      reason: 'Remainder of drawn syringe',
      witnesses: [witness()],
    });
    expect(waste.statusCode, waste.body).toBe(201);
    expect(waste.json().entry).toMatchObject({
      kind: 'waste',
      quantity: -14.5,
      balanceAfter: 950,
      witnessNames: ['Second Nurse'],
      patientId: l.patientId,
    });

    const count = await l.post(l.nurse, '/counts', {
      cabinetId: l.cabinets[0],
      kind: 'end-of-day',
      lines: [{ lotId, counted: 949, method: 'counted' }],
    });
    expect(count.statusCode, count.body).toBe(201);
    expect(count.json().count).toMatchObject({
      status: 'open',
      discrepancies: 1,
      lines: [{ lotId, expected: 950, counted: 949, difference: -1 }],
    });
    const countId = count.json().count.id;

    const investigate = await l.post(l.nurse, `/counts/${countId}/discrepancy`, {
      action: 'investigate',
      note: 'Checking',
    });
    expect(investigate.json()).toMatchObject({ status: 'investigating' });
    const adjust = await l.post(l.admin, '/adjustments', {
      countId,
      lotId,
      cabinetId: l.cabinets[0],
      quantity: -1,
      reason: 'Spill at end of day',
      witnesses: [witness()],
    });
    expect(adjust.statusCode, adjust.body).toBe(201);
    expect(adjust.json().entry).toMatchObject({ kind: 'adjustment', balanceAfter: 949, countId });
    t.clock.advance(60);
    const explain = await l.post(l.nurse, `/counts/${countId}/discrepancy`, {
      action: 'explain',
      note: 'Spill',
    });
    expect(explain.json()).toMatchObject({
      status: 'explained',
      notes: [{ action: 'investigate' }, { action: 'explain' }],
    });

    const report = await l.get(l.nurse, '/reports/administrations?from=2026-03-01&to=2026-03-02');
    expect(report.statusCode, report.body).toBe(200);
    const row = report.json().rows[0];
    expect(row).toMatchObject({
      product: 'Ketamine HCl injection 50 mg/mL',
      strength: '50 mg/mL',
      containerSize: '10 mL vial',
      quantity: 35.5,
      unit: 'mg',
      address: '5 Main St, New York, NY, 10002',
      by: 'nurse user',
    });
    expect(row.patient).toBeTruthy();

    const csv = await l.get(l.nurse, '/reports/administrations?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toContain('Patient address');
    const pdf = await l.get(l.nurse, '/reports/waste?format=pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    for (const kind of ['receipts', 'destructions', 'losses', 'inventory']) {
      expect((await l.get(l.nurse, `/reports/${kind}`)).statusCode).toBe(200);
    }
    const empty = await l.get(l.nurse, '/reports/administrations?from=2026-03-03');
    expect(empty.json().rows).toEqual([]);

    const ledger = await l.get(l.nurse, `/ledger?lotId=${lotId}`);
    expect(ledger.json().entries.map((e: { kind: string }) => e.kind)).toEqual([
      'adjustment',
      'waste',
      'administration',
      'receipt',
    ]);
    const verify = await l.get(l.nurse, '/verify');
    expect(verify.json()).toMatchObject({ ok: true, entries: 4 });

    const audits = await t.database.db
      .selectFrom('audit_pending')
      .select(['action', 'entity_type', 'patient_id'])
      .where('entity_type', 'in', ['ledger_entry', 'ledger_report', 'ledger'])
      .execute();
    expect(audits.filter((a) => a.entity_type === 'ledger_entry')).toHaveLength(4);
    expect(audits.some((a) => a.entity_type === 'ledger_report' && a.action === 'export')).toBe(true);
    expect(audits.some((a) => a.entity_type === 'ledger_report' && a.action === 'print')).toBe(true);
    expect(audits.find((a) => a.entity_type === 'ledger_entry' && a.patient_id)).toBeTruthy();
  });

  it('moves stock between cabinets in two linked entries', async () => {
    const { lotId } = await l.receive(l.nurse);
    const res = await l.post(l.nurse, '/transfers', {
      lotId,
      fromCabinetId: l.cabinets[0],
      toCabinetId: l.cabinets[1],
      quantity: 500,
    });
    expect(res.statusCode, res.body).toBe(201);
    const [out, into] = res.json().entries;
    expect(out).toMatchObject({ kind: 'transfer-out', quantity: -500, balanceAfter: 500 });
    expect(into).toMatchObject({
      kind: 'transfer-in',
      quantity: 500,
      balanceAfter: 500,
      relatedEntryId: out.id,
    });
  });

  it('records destruction with two witnesses, and theft or loss with the reminder', async () => {
    const { lotId } = await l.receive(l.nurse);
    const prescriber = t.clinic.users.prescriber;
    await t.database.db
      .updateTable('users')
      .set({ mfa_last_step: null })
      .where('id', '=', prescriber.id)
      .execute();
    const destroyed = await l.post(l.admin, '/destructions', {
      lotId,
      cabinetId: l.cabinets[0],
      quantity: 500,
      method: 'Chemical digestion (Rx Destroyer)',
      place: 'Midtown clinic',
      witnesses: [
        witness(),
        {
          email: prescriber.email,
          password: TEST_PASSWORD,
          totp: currentTotp(prescriber.mfaSecret as string, t.clock.now),
        },
      ],
    });
    expect(destroyed.statusCode, destroyed.body).toBe(201);
    expect(destroyed.json().entry.details).toMatchObject({
      ndc: '0409-2051-05',
      method: 'Chemical digestion (Rx Destroyer)',
    });
    expect(destroyed.json().entry.witnessNames).toHaveLength(2);

    const loss = await l.post(l.admin, '/losses', {
      lotId,
      cabinetId: l.cabinets[0],
      quantity: 100,
      discoveredOn: '2026-02-27',
      lossType: 'employee-pilferage',
      policeNotified: true,
      policeReport: 'NYPD-123',
      value: 12.5,
    });
    expect(loss.statusCode, loss.body).toBe(201);
    expect(loss.json().reminder).toContain('within one business day');
    expect(loss.json().noticeDueBy).toBe('2026-03-02');
    expect(loss.json().entry.details).toMatchObject({
      lossType: 'employee-pilferage',
      policeReport: 'NYPD-123',
      value: '12.5',
    });
  });

  it('records esketamine in whole devices', async () => {
    const res = await l.post(l.nurse, '/receipts', {
      productId: l.esketamine,
      cabinetId: l.cabinets[1],
      lotNumber: 'E1',
      expiresOn: '2027-06-30',
      containers: 6,
      ...SUPPLIER,
    });
    expect(res.json().entry).toMatchObject({ quantity: 6, baseUnit: 'device', quantityMl: null });
    const half = await l.post(l.nurse, '/administrations', {
      lotId: res.json().entry.lotId,
      cabinetId: l.cabinets[1],
      quantity: 1.5,
      patientId: l.patientId,
    });
    expect(half.statusCode).toBe(400);
    expect(half.json().errors[0]).toMatchObject({
      field: 'body.quantity',
      message: 'Devices are counted in whole numbers.',
    });
  });
});

describe('bad input writes nothing', () => {
  let lotId: string;
  let expiredLot: string;
  beforeAll(async () => {
    lotId = (await l.receive(l.nurse)).lotId;
    expiredLot = (await l.receive(l.nurse, { expiresOn: '2026-01-31' })).lotId;
  });

  const cases: [string, () => Record<string, unknown>, string, number][] = [
    ['zero quantity', () => ({ lotId, quantity: 0 }), 'body.quantity', 400],
    ['negative quantity', () => ({ lotId, quantity: -5 }), 'body.quantity', 400],
    ['0.05 mg', () => ({ lotId, quantity: 0.05 }), 'body.quantity', 400],
    ['over the balance', () => ({ lotId, quantity: 1000.1 }), 'body.quantity', 400],
    ['expired lot', () => ({ lotId: expiredLot, quantity: 10 }), 'body.lotId', 400],
    [
      'unknown lot',
      () => ({ lotId: '00000000-0000-4000-8000-000000000000', quantity: 10 }),
      'body.lotId',
      400,
    ],
    ['quantity as text', () => ({ lotId, quantity: '10' }), 'body.quantity', 400],
  ];
  it.each(cases)('administration: %s', async (_name, fields, field, status) => {
    const res = await unchanged(() =>
      l.post(l.nurse, '/administrations', { cabinetId: l.cabinets[0], patientId: l.patientId, ...fields() }),
    );
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('caps a waste that names no administration at one container, pointing to destruction', async () => {
    const { lotId: twoVials } = await l.receive(l.nurse);
    const waste = (quantity: number) =>
      l.post(l.nurse, '/waste', {
        lotId: twoVials,
        cabinetId: l.cabinets[0],
        quantity,
        reason: 'Vial dropped and broken',
        witnesses: [witness()],
      });
    const over = await unchanged(() => waste(500.1));
    expect(over.statusCode, over.body).toBe(400);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.json().errors).toEqual([
      {
        field: 'body.quantity',
        message:
          'Without an administration named, waste at most one vial (500 mg). Dispose of more than one vial through destruction, with two witnesses.',
      },
    ]);
    const oneVial = await waste(500);
    expect(oneVial.statusCode, oneVial.body).toBe(201);
    expect(oneVial.json().entry).toMatchObject({ kind: 'waste', quantity: -500, balanceAfter: 500 });
  });

  it('caps an esketamine waste that names no administration at one device', async () => {
    const received = await l.post(l.nurse, '/receipts', {
      productId: l.esketamine,
      cabinetId: l.cabinets[1],
      lotNumber: 'E-WASTE',
      expiresOn: '2027-06-30',
      containers: 3,
      ...SUPPLIER,
    });
    const lot = received.json().entry.lotId;
    const waste = (quantity: number) =>
      l.post(l.nurse, '/waste', {
        lotId: lot,
        cabinetId: l.cabinets[1],
        quantity,
        reason: 'Device sprayed into the air by mistake',
        witnesses: [witness()],
      });
    const two = await unchanged(() => waste(2));
    expect(two.statusCode, two.body).toBe(400);
    expect(two.json().errors[0].message).toBe(
      'Without an administration named, waste at most one device. Dispose of more than one device through destruction, with two witnesses.',
    );
    expect((await waste(1)).statusCode).toBe(201);
  });

  it('an unknown patient is 404', async () => {
    const res = await unchanged(() =>
      l.post(l.nurse, '/administrations', {
        lotId,
        cabinetId: l.cabinets[0],
        quantity: 10,
        patientId: '00000000-0000-4000-8000-000000000000',
      }),
    );
    expect(res.statusCode).toBe(404);
  });

  it('refuses a lot number received again with another expiry', async () => {
    const res = await unchanged(() =>
      l.post(l.nurse, '/receipts', {
        productId: l.ketamine,
        cabinetId: l.cabinets[0],
        lotNumber: 'K1',
        expiresOn: '2030-01-01',
        containers: 1,
        ...SUPPLIER,
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.expiresOn');
  });

  it('refuses an adjustment without a count, or beyond the difference found', async () => {
    const noCount = await unchanged(() =>
      l.post(l.admin, '/adjustments', {
        countId: '00000000-0000-4000-8000-000000000000',
        lotId,
        cabinetId: l.cabinets[0],
        quantity: 5,
        reason: 'x',
        witnesses: [witness()],
      }),
    );
    expect(noCount.json().errors[0].field).toBe('body.countId');
  });

  it('refuses a count that leaves out a lot with stock, and inventories without opening or close', async () => {
    const partial = await unchanged(() =>
      l.post(l.nurse, '/counts', {
        cabinetId: l.cabinets[0],
        kind: 'shift',
        lines: [{ lotId, counted: 1000, method: 'counted' }],
      }),
    );
    expect(partial.statusCode).toBe(400);
    expect(partial.json().errors[0].field).toBe('body.lines');
    const biennial = await l.post(l.nurse, '/counts', {
      cabinetId: l.cabinets[0],
      kind: 'biennial',
      lines: [],
    });
    expect(biennial.json().errors[0].field).toBe('body.timing');
  });

  it('does not show another clinic’s count (404)', async () => {
    const res = await l.get(l.nurse, '/counts/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
  });

  it('lets front desk see nothing of the ledger', async () => {
    const { signIn } = await import('./helpers/clinic.ts');
    const desk = await signIn(t, 'front_desk');
    expect((await l.get(desk, '/stock')).statusCode).toBe(403);
  });
});

describe('count list: dates and pages', () => {
  let nurse: Session;

  /** A shift count of cabinet B that finds exactly what the ledger expects. */
  async function countCabinetB(at: string): Promise<string> {
    t.clock.now = new Date(at);
    nurse = await signIn(t, 'nurse');
    const stock = (await l.get(nurse, '/stock')).json().stock as {
      lotId: string;
      cabinetId: string;
      balance: number;
    }[];
    const res = await l.post(nurse, '/counts', {
      cabinetId: l.cabinets[1],
      kind: 'shift',
      lines: stock
        .filter((s) => s.cabinetId === l.cabinets[1] && s.balance > 0)
        .map((s) => ({ lotId: s.lotId, counted: s.balance, method: 'counted' })),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().count.id;
  }

  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.may1 = await countCabinetB('2026-05-01T15:00:00Z');
    ids.may2 = await countCabinetB('2026-05-02T09:00:00Z');
    ids.may3am = await countCabinetB('2026-05-03T09:00:00Z');
    ids.may3pm = await countCabinetB('2026-05-03T23:59:59Z');
    ids.may4 = await countCabinetB('2026-05-04T00:00:00Z');
  });

  const list = async (query: string) => {
    const res = await l.get(nurse, `/counts?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { counts: { id: string }[]; total: number };
  };

  it('keeps to the days asked for, both included, newest first', async () => {
    const window = await list('from=2026-05-02&to=2026-05-03');
    expect(window.total).toBe(3);
    expect(window.counts.map((c) => c.id)).toEqual([ids.may3pm, ids.may3am, ids.may2]);
    const oneDay = await list('from=2026-05-01&to=2026-05-01');
    expect(oneDay.counts.map((c) => c.id)).toEqual([ids.may1]);
  });

  it('pages with limit and offset, each count once, and says how many match', async () => {
    const first = await list('from=2026-05-01&to=2026-05-04&limit=2');
    const second = await list('from=2026-05-01&to=2026-05-04&limit=2&offset=2');
    const third = await list('from=2026-05-01&to=2026-05-04&limit=2&offset=4');
    expect([first.total, second.total, third.total]).toEqual([5, 5, 5]);
    expect([...first.counts, ...second.counts, ...third.counts].map((c) => c.id)).toEqual([
      ids.may4,
      ids.may3pm,
      ids.may3am,
      ids.may2,
      ids.may1,
    ]);
    const everything = await list('');
    expect(everything.counts.length).toBe(Math.min(50, everything.total));
    expect(everything.total).toBeGreaterThanOrEqual(6);
  });

  const bad: [string, string, string][] = [
    ['an impossible date', 'from=2026-02-30', 'querystring.from'],
    ['a date in another form', 'to=05/03/2026', 'querystring.to'],
    ['a range that ends before it starts', 'from=2026-05-03&to=2026-05-02', 'querystring.to'],
    ['a limit of 0', 'limit=0', 'querystring.limit'],
    ['a limit over 200', 'limit=201', 'querystring.limit'],
    ['a negative offset', 'offset=-1', 'querystring.offset'],
    ['a fractional offset', 'offset=1.5', 'querystring.offset'],
    ['an unknown parameter', 'cabinet=x', 'querystring.cabinet'],
  ];
  it.each(bad)('refuses %s naming the field', async (_name, query, field) => {
    const res = await l.get(nurse, `/counts?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
