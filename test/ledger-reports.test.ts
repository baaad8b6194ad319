import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './helpers/clinic.ts';
import { type Ledger, SUPPLIER, setUpLedger } from './helpers/ledger.ts';
import { pdfTextRuns } from './helpers/pdf-text.ts';
import { createPatient } from './helpers/schedule.ts';

let t: TestContext;
let l: Ledger;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T15:00:00Z');
  l = await setUpLedger(t);
});
afterAll(() => t.close());

const MIDTOWN = {
  name: 'Midtown',
  addressLine1: '1 Example Avenue',
  city: 'New York',
  state: 'NY',
  postalCode: '10001',
  timeZone: 'America/New_York',
};

function putLocation(id: string, body: Record<string, unknown>) {
  return t.app.inject({
    method: 'PUT',
    url: `/api/v1/locations/${id}`,
    headers: l.admin.headers,
    payload: body,
  });
}

async function pdfPages(path: string): Promise<string[][]> {
  const res = await l.get(l.nurse, path);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return pdfTextRuns(res.rawPayload);
}

describe('printable reports keep every value', () => {
  it('wraps cells instead of cutting them, and repeats the header on every page', async () => {
    const { lotId } = await l.receive(l.nurse);
    const times: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      t.clock.advance(7);
      times.push(t.clock.now.toISOString().slice(0, 19).replace('T', ' '));
      const res = await l.post(l.nurse, '/administrations', {
        lotId,
        cabinetId: l.cabinets[0],
        quantity: 10,
        patientId: l.patientId,
      });
      expect(res.statusCode, res.body).toBe(201);
    }

    const pages = await pdfPages('/reports/administrations?format=pdf');
    expect(pages.length).toBeGreaterThan(1);
    const text = pages.map((runs) => runs.join(' ')).join(' ');
    for (const at of times) expect(text).toContain(at);
    expect(text).toContain('5 Main St, New York, NY, 10002');
    expect(text).not.toContain('…');
    pages.forEach((runs, i) => {
      expect(runs).toContain('Administration log');
      expect(runs.join(' ')).toContain('Patient address');
      expect(runs.join(' ')).toContain(`page ${i + 1} of ${pages.length}`);
    });

    const receipts = (await pdfPages('/reports/receipts?format=pdf')).flat().join(' ');
    expect(receipts).toContain(SUPPLIER.supplierAddress);
    expect(receipts).toContain(SUPPLIER.supplierName);
    expect(receipts).toContain(SUPPLIER.supplierDea);
    expect(receipts).toContain(times[0]?.slice(0, 10));
  });
});

describe('the registrant heads every report', () => {
  it('prints the location, its registered address and DEA number in JSON, CSV and PDF', async () => {
    const before = await l.get(l.nurse, '/reports/receipts');
    expect(before.json().registrants).toEqual([
      {
        locationId: l.locationId,
        name: 'Midtown',
        address: '1 Example Avenue, New York, NY 10001',
        deaRegistration: null,
      },
    ]);
    const missing = (await pdfPages('/reports/receipts?format=pdf')).flat();
    expect(missing).toContain(
      'Registrant: Midtown, 1 Example Avenue, New York, NY 10001, DEA registration not on record (add it on the Locations screen)',
    );

    expect((await putLocation(l.locationId, { ...MIDTOWN, deaRegistration: 'FD1234563' })).statusCode).toBe(
      200,
    );
    for (const kind of ['administrations', 'receipts', 'waste', 'destructions', 'losses', 'inventory']) {
      const res = await l.get(l.nurse, `/reports/${kind}`);
      expect(res.json().registrants, kind).toEqual([
        expect.objectContaining({ name: 'Midtown', deaRegistration: 'FD1234563' }),
      ]);
      const runs = (await pdfPages(`/reports/${kind}?format=pdf`)).flat();
      expect(runs, kind).toContain(
        'Registrant: Midtown, 1 Example Avenue, New York, NY 10001, DEA registration FD1234563',
      );
      const csv = await l.get(l.nurse, `/reports/${kind}?format=csv`);
      expect(csv.body.split('\r\n')[0], kind).toMatch(/^Registrant,Registered address,DEA registration,/);
    }
    const csv = (await l.get(l.nurse, '/reports/administrations?format=csv')).body.split('\r\n');
    expect(csv[1]).toMatch(/^Midtown,"1 Example Avenue, New York, NY 10001",FD1234563,2026-03-02 /);
  });

  it('reports one registered location at a time when asked, and refuses a location not of this clinic', async () => {
    const uptown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations',
      headers: l.admin.headers,
      payload: { ...MIDTOWN, name: 'Uptown', addressLine1: '9 North Road', deaRegistration: 'BU7654329' },
    });
    expect(uptown.statusCode, uptown.body).toBe(201);
    const uptownId = uptown.json().id as string;
    const cabinet = await l.post(l.admin, '/cabinets', { locationId: uptownId, name: 'Uptown safe' });
    expect(cabinet.statusCode, cabinet.body).toBe(201);
    await l.receive(l.nurse, { cabinetId: cabinet.json().id, lotNumber: 'UP-1' });

    const all = (await l.get(l.nurse, '/reports/receipts')).json();
    expect(all.registrants.map((r: { name: string }) => r.name)).toEqual(['Midtown', 'Uptown']);
    const one = (await l.get(l.nurse, `/reports/receipts?locationId=${uptownId}`)).json();
    expect(one.registrants).toEqual([
      expect.objectContaining({ name: 'Uptown', deaRegistration: 'BU7654329' }),
    ]);
    expect(one.rows.map((r: { lot: string }) => r.lot)).toEqual(['UP-1']);
    const csv = (await l.get(l.nurse, '/reports/receipts?format=csv')).body.split('\r\n');
    expect(
      csv.filter((line) => line.startsWith('Uptown,"9 North Road, New York, NY 10001",BU7654329,')),
    ).toHaveLength(1);

    const stranger = await l.get(l.nurse, `/reports/receipts?locationId=${crypto.randomUUID()}`);
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors.map((e: { field: string }) => e.field)).toEqual(['querystring.locationId']);
  });

  it('checks a supplier’s DEA number’s check digit on receipt, naming the field', async () => {
    const res = await l.post(l.nurse, '/receipts', {
      productId: l.ketamine,
      cabinetId: l.cabinets[0],
      lotNumber: 'BAD-DEA',
      expiresOn: '2027-12-31',
      containers: 1,
      ...SUPPLIER,
      supplierDea: 'RH0123456',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'body.supplierDea',
        message: 'This DEA number’s last digit does not match the others; check it for a typing error.',
      },
    ]);
  });
});

describe('the administration keeps the name and address it was given to', () => {
  it('reports the address of the day of the dose after the chart changes, and the chain still verifies', async () => {
    const { lotId } = await l.receive(l.nurse);
    const given = await l.post(l.nurse, '/administrations', {
      lotId,
      cabinetId: l.cabinets[0],
      quantity: 20,
      patientId: l.patientId,
    });
    expect(given.statusCode, given.body).toBe(201);
    const entry = given.json().entry;
    expect(entry.details).toMatchObject({ patientAddress: '5 Main St, New York, NY, 10002' });
    expect(entry.details.patientName).toBe(entry.patientName);

    await t.database.db
      .updateTable('patients')
      .set({ address_line1: '77 Moved Lane', legal_family_name: 'Renamed' })
      .where('id', '=', l.patientId)
      .execute();
    const report = await l.get(l.nurse, '/reports/administrations');
    const row = report.json().rows.find((r: { seq: number }) => r.seq === entry.seq);
    expect(row).toMatchObject({ address: '5 Main St, New York, NY, 10002', patient: entry.patientName });
    expect(JSON.stringify(report.json().rows)).not.toContain('77 Moved Lane');
    expect((await l.get(l.nurse, '/verify')).json()).toMatchObject({ ok: true });
    await t.database.db
      .updateTable('patients')
      .set({ address_line1: '5 Main St', legal_family_name: entry.patientName.split(' ').at(-1) })
      .where('id', '=', l.patientId)
      .execute();
  });

  it('gives the dose to a patient with no address on record and says so in the entry and the report', async () => {
    const { lotId } = await l.receive(l.nurse);
    const homeless = await createPatient(t, l.nurse);
    const given = await l.post(l.nurse, '/administrations', {
      lotId,
      cabinetId: l.cabinets[0],
      quantity: 15,
      patientId: homeless,
    });
    expect(given.statusCode, given.body).toBe(201);
    const entry = given.json().entry;
    expect(entry.details).toMatchObject({ patientAddress: null, patientAddressMissing: true });
    expect(entry.patientAddress).toBeNull();
    const rows = (await l.get(l.nurse, '/reports/administrations')).json().rows;
    expect(rows.find((r: { seq: number }) => r.seq === entry.seq)).toMatchObject({
      address: 'no address on record',
    });
    expect((await l.get(l.nurse, '/verify')).json()).toMatchObject({ ok: true });
  });
});
