import type { Ctx } from '../context.ts';
import { insertCount } from '../features/inventory/count-store.ts';
import { appendEntries, insertCabinet, insertLot, insertProduct } from '../features/inventory/store.ts';

const SUPPLIER = {
  supplierName: 'Example Medical Supply',
  supplierAddress: '200 Distribution Way, Secaucus, NJ 07094',
  supplierDea: 'RE1234563',
};

function daysBefore(now: Date, days: number, hour: number): Date {
  const d = new Date(now.getTime() - days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
}

/**
 * A realistic small ledger: ketamine 50 mg/mL 10 mL vials and esketamine 28 mg devices received
 * against invoices, doses given to demo patients, a witnessed waste of a partly used vial, and an
 * end-of-day count that balances. Written through the ledger's own store, so the chain verifies.
 */
export async function seedDemoLedger(ctx: Ctx): Promise<void> {
  const db = ctx.db;
  const location = await db
    .selectFrom('locations')
    .select('id')
    .where('org_id', '=', ctx.orgId)
    .executeTakeFirst();
  const staff = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('org_id', '=', ctx.orgId)
    .execute();
  const patients = await db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', ctx.orgId)
    .orderBy('mrn')
    .limit(3)
    .execute();
  const nurse = staff.find((s) => s.email.startsWith('nurse@'))?.id;
  const prescriber = staff.find((s) => s.email.startsWith('prescriber@'))?.id;
  if (!location || !nurse || !prescriber || patients.length === 0) return;
  const [p1, p2, p3] = [
    patients[0]?.id,
    patients[1]?.id ?? patients[0]?.id,
    patients[2]?.id ?? patients[0]?.id,
  ];
  await db.transaction().execute(async (trx) => {
    const start = daysBefore(ctx.now, 6, 14);
    const ketamine = await insertProduct(
      trx,
      ctx.orgId,
      {
        name: 'Ketamine HCl injection 50 mg/mL',
        ndc: '0409-2051-05',
        form: 'vial',
        baseUnit: 'mg',
        mgPerMl: 50,
        mgPerDevice: null,
        containerSize: '10 mL vial',
        unitsPerContainer: 5000,
      },
      start,
    );
    const esketamine = await insertProduct(
      trx,
      ctx.orgId,
      {
        name: 'SPRAVATO (esketamine) nasal spray 28 mg',
        ndc: '50458-028-02',
        form: 'nasal-device',
        baseUnit: 'device',
        mgPerMl: null,
        mgPerDevice: 28,
        containerSize: '1 device (28 mg)',
        unitsPerContainer: 10,
      },
      start,
    );
    const cabinet = await insertCabinet(
      trx,
      ctx.orgId,
      { locationId: location.id, name: 'Medication room safe' },
      start,
    );
    await insertCabinet(trx, ctx.orgId, { locationId: location.id, name: 'Procedure room lockbox' }, start);
    const invoiceDate = start.toISOString().slice(0, 10);
    const kLot = await insertLot(
      trx,
      ctx.orgId,
      {
        productId: ketamine.id,
        lotNumber: 'KH4471A',
        expiresOn: '2027-09-30',
        ...SUPPLIER,
        invoiceNumber: 'EMS-20418',
        invoiceDate,
      },
      start,
    );
    const eLot = await insertLot(
      trx,
      ctx.orgId,
      {
        productId: esketamine.id,
        lotNumber: 'SP2210',
        expiresOn: '2027-03-31',
        ...SUPPLIER,
        invoiceNumber: 'EMS-20419',
        invoiceDate,
      },
      start,
    );
    const k = { productId: ketamine.id, lotId: kLot, cabinetId: cabinet };
    const e = { productId: esketamine.id, lotId: eLot, cabinetId: cabinet };
    const receipt = (containers: number, invoiceNumber: string) => ({
      containers,
      ...SUPPLIER,
      invoiceNumber,
      invoiceDate,
    });
    await appendEntries(trx, ctx.orgId, start, [
      { ...k, kind: 'receipt', quantity: 5 * 5000, actorId: nurse, details: receipt(5, 'EMS-20418') },
      { ...e, kind: 'receipt', quantity: 12 * 10, actorId: nurse, details: receipt(12, 'EMS-20419') },
    ]);
    // Tenths of a mg: 0.5 mg/kg for 70, 84 and 62 kg.
    const doses: [string | undefined, number, number][] = [
      [p1, 350, 5],
      [p2, 420, 4],
      [p3, 310, 3],
    ];
    for (const [patientId, tenths, days] of doses) {
      await appendEntries(trx, ctx.orgId, daysBefore(ctx.now, days, 15), [
        { ...k, kind: 'administration', quantity: -tenths, actorId: nurse, patientId: patientId ?? null },
      ]);
    }
    const [given] = await appendEntries(trx, ctx.orgId, daysBefore(ctx.now, 2, 15), [
      { ...k, kind: 'administration', quantity: -385, actorId: nurse, patientId: p1 ?? null },
    ]);
    await appendEntries(trx, ctx.orgId, daysBefore(ctx.now, 2, 16), [
      {
        ...k,
        kind: 'waste',
        quantity: -(5000 - 350 - 420 - 310 - 385),
        actorId: nurse,
        witnessIds: [prescriber],
        patientId: p1 ?? null,
        relatedEntryId: given?.id ?? null,
        details: { reason: 'Remainder of an opened vial at the end of the day' },
      },
    ]);
    await appendEntries(trx, ctx.orgId, daysBefore(ctx.now, 1, 15), [
      { ...e, kind: 'administration', quantity: -30, actorId: prescriber, patientId: p2 ?? null },
    ]);
    const countAt = daysBefore(ctx.now, 1, 22);
    const [last] = await appendEntries(trx, ctx.orgId, daysBefore(ctx.now, 1, 16), [
      { ...e, kind: 'administration', quantity: -20, actorId: prescriber, patientId: p3 ?? null },
    ]);
    await insertCount(trx, ctx.orgId, {
      cabinetId: cabinet,
      kind: 'end-of-day',
      timing: 'closing',
      countedBy: nurse,
      countedAt: countAt,
      ledgerSeq: Number(last?.seq ?? 0),
      lines: [
        { lotId: kLot, expected: 4 * 5000, counted: 4 * 5000, method: 'counted' },
        { lotId: eLot, expected: 70, counted: 70, method: 'counted' },
      ],
    });
  });
}
