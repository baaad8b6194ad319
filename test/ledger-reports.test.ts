import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './helpers/clinic.ts';
import { type Ledger, SUPPLIER, setUpLedger } from './helpers/ledger.ts';
import { pdfTextRuns } from './helpers/pdf-text.ts';

let t: TestContext;
let l: Ledger;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T15:00:00Z');
  l = await setUpLedger(t);
});
afterAll(() => t.close());

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
      t.clock.advance(61);
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
