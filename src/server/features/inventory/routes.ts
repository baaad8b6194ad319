import { z } from 'zod';
import { ENTRY_KINDS } from '../../../domain/ledger/kinds.ts';
import { LOSS_TYPES } from '../../../domain/ledger/loss-form.ts';
import {
  DeaNumber,
  Email,
  IdParams,
  IsoDate,
  optionalText,
  problems,
  requiredText,
  Uuid,
} from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { listCounts, readCount, recordAdjustment, recordCount, workDiscrepancy } from './counts.ts';
import { readLedger, readStock, verifyOwnLedger } from './ledger.ts';
import { registrantLine } from './registrants.ts';
import { reportCsv, reportPdf } from './report-files.ts';
import { buildReport, REPORT_KINDS } from './reports.ts';
import {
  addCabinet,
  addProduct,
  lossForm,
  recordAdministration,
  recordDestruction,
  recordLoss,
  recordReceipt,
  recordReturn,
  recordTransfer,
  recordWaste,
  setLossFields,
  witnessPolicy,
} from './service.ts';
import { listCabinets, listLots, listProducts } from './store.ts';

const BASE = '/api/v1/inventory';
const TAGS = ['inventory'];
const BaseUnit = z.enum(['mg', 'device']);
const Quantity = z.number({ error: 'Enter a quantity as a number.' });
const Ndc = z
  .string()
  .trim()
  .regex(/^\d{4,5}-\d{3,4}-\d{1,2}$/, 'Use the NDC with dashes, like 0409-2051-05.');
const Text = (max: number, message: string) => requiredText(max, message);
const Witness = z.strictObject({
  email: Email,
  password: z.string().min(1, 'Enter the witness’s password.').max(200),
  totp: z.string().trim().max(20).optional(),
});
/** Witnesses who sign in on the spot; the session chart's waste takes the same. */
export const Witnesses = z.array(Witness).max(3).default([]);

const ProductSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  ndc: z.string(),
  form: z.enum(['vial', 'nasal-device']),
  strength: z.string(),
  baseUnit: BaseUnit,
  mgPerMl: z.number().nullable(),
  mgPerDevice: z.number().nullable(),
  containerSize: z.string(),
  unitsPerContainer: z.number(),
});
const CabinetSchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  locationName: z.string(),
  name: z.string(),
});
const LotSchema = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  lotNumber: z.string(),
  expiresOn: z.string(),
  supplierName: z.string(),
  supplierAddress: z.string(),
  supplierDea: z.string(),
  invoiceNumber: z.string(),
  invoiceDate: z.string(),
});
const StockSchema = z.object({
  lotId: z.uuid(),
  lotNumber: z.string(),
  expiresOn: z.string(),
  expired: z.boolean(),
  productId: z.uuid(),
  productName: z.string(),
  baseUnit: BaseUnit,
  cabinetId: z.uuid(),
  cabinetName: z.string(),
  balance: z.number(),
  balanceMl: z.number().nullable(),
});
const EntrySchema = z
  .object({
    id: z.uuid(),
    seq: z.number(),
    kind: z.enum(ENTRY_KINDS),
    occurredAt: z.string(),
    lotId: z.uuid(),
    lotNumber: z.string(),
    expiresOn: z.string(),
    productId: z.uuid(),
    productName: z.string(),
    ndc: z.string(),
    strength: z.string(),
    containerSize: z.string(),
    baseUnit: BaseUnit,
    cabinetId: z.uuid(),
    cabinetName: z.string(),
    locationName: z.string(),
    quantity: z.number(),
    quantityMl: z.number().nullable(),
    balanceAfter: z.number(),
    balanceAfterMl: z.number().nullable(),
    actorId: z.uuid(),
    actorName: z.string(),
    witnessIds: z.array(z.string()),
    witnessNames: z.array(z.string()),
    patientId: z.string().nullable(),
    patientName: z.string().nullable(),
    patientAddress: z.string().nullable(),
    patientMrn: z.string().nullable(),
    bookingId: z.string().nullable(),
    sessionId: z.string().nullable(),
    countId: z.string().nullable(),
    relatedEntryId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .meta({ id: 'LedgerEntry' });
const CountSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['shift', 'end-of-day', 'initial', 'biennial']),
    timing: z.enum(['opening', 'closing']).nullable(),
    cabinetId: z.uuid(),
    cabinetName: z.string(),
    countedBy: z.uuid(),
    countedByName: z.string(),
    countedAt: z.string(),
    ledgerSeq: z.number(),
    lines: z.array(
      z.object({
        lotId: z.uuid(),
        lotNumber: z.string(),
        productName: z.string(),
        baseUnit: BaseUnit,
        expected: z.number(),
        counted: z.number(),
        difference: z.number(),
        method: z.enum(['counted', 'estimated']),
      }),
    ),
    discrepancies: z.number(),
    status: z.enum(['balanced', 'open', 'investigating', 'explained', 'reported']),
    notes: z.array(
      z.object({
        action: z.enum(['investigate', 'explain', 'report']),
        note: z.string(),
        byName: z.string(),
        at: z.string(),
      }),
    ),
  })
  .meta({ id: 'InventoryCount' });
const EntryResult = z.object({ entry: EntrySchema });
const LossField = z.object({
  key: z.string(),
  label: z.string(),
  required: z.boolean(),
  builtIn: z.boolean(),
});

const Filters = {
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  productId: Uuid.optional(),
  lotId: Uuid.optional(),
  userId: Uuid.optional(),
  locationId: Uuid.optional(),
};

const CountListQuery = z
  .strictObject({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    limit: z.coerce.number().int('Use a whole number.').min(1).max(200).default(50),
    offset: z.coerce.number().int('Use a whole number.').min(0).max(1_000_000).default(0),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'Choose a date on or after the “from” date.',
  });

const WRITE = { permission: 'inventory:record' } as const;
const MANAGE = { permission: 'inventory:manage' } as const;
const READ = { permission: 'inventory:read' } as const;

export function inventoryRoutes(app: App): void {
  app.get(
    `${BASE}/products`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'Controlled-substance products',
        response: { 200: z.object({ products: z.array(ProductSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ products: await listProducts(request.ctx.db, request.ctx.orgId) }),
  );

  app.post(
    `${BASE}/products`,
    {
      config: { access: MANAGE },
      schema: {
        tags: TAGS,
        summary: 'Add a product (name, NDC, form, strength, container)',
        body: z.strictObject({
          name: Text(200, 'Name the product.'),
          ndc: Ndc,
          form: z.enum(['vial', 'nasal-device']),
          baseUnit: BaseUnit,
          mgPerMl: z.number().positive().max(1000).nullish(),
          mgPerDevice: z.number().positive().max(1000).nullish(),
          containerSize: Text(100, 'Describe the container, like 10 mL vial.'),
          unitsPerContainer: z.number().positive(),
        }),
        response: { 201: ProductSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await addProduct(request.ctx, request.body)),
  );

  app.get(
    `${BASE}/cabinets`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'Locked cabinets at each registered location (21 CFR 1301.75(b))',
        response: { 200: z.object({ cabinets: z.array(CabinetSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ cabinets: await listCabinets(request.ctx.db, request.ctx.orgId) }),
  );

  app.post(
    `${BASE}/cabinets`,
    {
      config: { access: MANAGE },
      schema: {
        tags: TAGS,
        summary: 'Add a locked cabinet at a location',
        body: z.strictObject({ locationId: Uuid, name: Text(100, 'Name the cabinet.') }),
        response: { 201: CabinetSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await addCabinet(request.ctx, request.body)),
  );

  app.get(
    `${BASE}/stock`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'What is in each cabinet, lot by lot',
        response: { 200: z.object({ stock: z.array(StockSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ stock: await readStock(request.ctx) }),
  );

  app.get(
    `${BASE}/lots`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'Lots received, with supplier and invoice',
        querystring: z.strictObject({ productId: Uuid.optional() }),
        response: { 200: z.object({ lots: z.array(LotSchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({ lots: await listLots(request.ctx.db, request.ctx.orgId, request.query.productId) }),
  );

  app.get(
    `${BASE}/witness-policy`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'Whether waste and count adjustments need a witness here (clinic policy)',
        response: {
          200: z.object({ wasteWitnessRequired: z.boolean(), adjustmentWitnessRequired: z.boolean() }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => witnessPolicy(request.ctx),
  );

  app.post(
    `${BASE}/receipts`,
    {
      config: { access: WRITE },
      schema: {
        tags: TAGS,
        summary: 'Record stock received against an invoice (21 CFR 1304.22(c)(3))',
        body: z.strictObject({
          productId: Uuid,
          cabinetId: Uuid,
          lotNumber: Text(60, 'Enter the lot number.'),
          expiresOn: IsoDate,
          supplierName: Text(200, 'Name the supplier.'),
          supplierAddress: Text(400, 'Give the supplier’s address.'),
          supplierDea: DeaNumber,
          invoiceNumber: Text(100, 'Enter the invoice number.'),
          invoiceDate: IsoDate,
          containers: z.number().int('Containers are whole numbers.').min(1).max(10_000),
        }),
        response: { 201: EntryResult, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send({ entry: await recordReceipt(request.ctx, request.body) }),
  );

  app.post(
    `${BASE}/administrations`,
    {
      config: { access: WRITE },
      schema: {
        tags: TAGS,
        summary: 'Record a dose given to a patient from a lot (21 CFR 1304.22(c)(4))',
        body: z.strictObject({
          lotId: Uuid,
          cabinetId: Uuid,
          quantity: Quantity,
          patientId: Uuid,
          bookingId: Uuid.optional(),
          note: optionalText(1000),
        }),
        response: {
          201: z.object({ entry: EntrySchema, openContainerRemainder: z.number() }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await recordAdministration(request.ctx, request.body)),
  );

  app.post(
    `${BASE}/waste`,
    {
      config: { access: WRITE },
      schema: {
        tags: TAGS,
        summary: 'Record waste of a partial dose, with a witness (clinic policy)',
        body: z.strictObject({
          lotId: Uuid,
          cabinetId: Uuid,
          quantity: Quantity,
          patientId: Uuid.optional(),
          administrationEntryId: Uuid.optional(),
          reason: Text(500, 'Give the reason for the waste.'),
          witnesses: Witnesses,
        }),
        response: { 201: EntryResult, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => reply.code(201).send({ entry: await recordWaste(request.ctx, request.body) }),
  );

  app.post(
    `${BASE}/transfers`,
    {
      config: { access: WRITE },
      schema: {
        tags: TAGS,
        summary: 'Move stock of a lot between cabinets (two entries)',
        body: z.strictObject({ lotId: Uuid, fromCabinetId: Uuid, toCabinetId: Uuid, quantity: Quantity }),
        response: { 201: z.object({ entries: z.array(EntrySchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ entries: await recordTransfer(request.ctx, request.body) }),
  );

  app.post(
    `${BASE}/returns`,
    {
      config: { access: MANAGE },
      schema: {
        tags: TAGS,
        summary: 'Return stock to the supplier or a reverse distributor',
        body: z.strictObject({
          lotId: Uuid,
          cabinetId: Uuid,
          quantity: Quantity,
          recipientName: Text(200, 'Name the recipient.'),
          recipientDea: DeaNumber,
          recipientAddress: Text(400, 'Give the recipient’s address.'),
        }),
        response: { 201: EntryResult, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send({ entry: await recordReturn(request.ctx, request.body) }),
  );

  app.post(
    `${BASE}/destructions`,
    {
      config: { access: MANAGE },
      schema: {
        tags: TAGS,
        summary: 'Record destruction on site (DEA Form 41 data, two witnesses)',
        body: z.strictObject({
          lotId: Uuid,
          cabinetId: Uuid,
          quantity: Quantity,
          method: Text(200, 'Describe the method of destruction.'),
          place: Text(200, 'Say where it was destroyed.'),
          witnesses: Witnesses,
        }),
        response: { 201: EntryResult, ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ entry: await recordDestruction(request.ctx, request.body) }),
  );

  app.get(
    `${BASE}/loss-form`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'The questions of a theft or loss record (DEA Form 106 fields and the clinic’s own)',
        response: { 200: z.object({ fields: z.array(LossField) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ fields: await lossForm(request.ctx) }),
  );

  app.put(
    `${BASE}/loss-form`,
    {
      config: { access: MANAGE },
      schema: {
        tags: TAGS,
        summary: 'Set the clinic’s own questions for a theft or loss record',
        body: z.strictObject({
          fields: z
            .array(
              z.strictObject({
                key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'Use lowercase letters, digits and dashes.'),
                label: Text(200, 'Write the question.'),
                required: z.boolean(),
              }),
            )
            .max(20),
        }),
        response: { 200: z.object({ fields: z.array(LossField) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({ fields: await setLossFields(request.ctx, request.body.fields) }),
  );

  app.post(
    `${BASE}/losses`,
    {
      config: { access: MANAGE },
      schema: {
        tags: TAGS,
        summary: 'Record a theft or loss (DEA Form 106 data) and get the notice reminder (21 CFR 1301.76(b))',
        body: z.strictObject({
          lotId: Uuid,
          cabinetId: Uuid,
          quantity: Quantity,
          discoveredOn: IsoDate,
          lossType: z.enum(LOSS_TYPES),
          policeNotified: z.boolean(),
          policeReport: optionalText(100),
          value: z.number().min(0).max(10_000_000).optional(),
          stepsTaken: optionalText(2000),
          extra: z.record(z.string().max(40), z.string().max(2000)).optional(),
        }),
        response: {
          201: z.object({ entry: EntrySchema, reminder: z.string(), noticeDueBy: z.string() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await recordLoss(request.ctx, request.body)),
  );

  app.post(
    `${BASE}/counts`,
    {
      config: { access: WRITE },
      schema: {
        tags: TAGS,
        summary: 'Record a count of a cabinet: expected against counted, lot by lot (21 CFR 1304.11)',
        body: z.strictObject({
          cabinetId: Uuid,
          kind: z.enum(['shift', 'end-of-day', 'initial', 'biennial']),
          timing: z.enum(['opening', 'closing']).optional(),
          lines: z
            .array(
              z.strictObject({
                lotId: Uuid,
                counted: z.number(),
                method: z.enum(['counted', 'estimated']).default('counted'),
              }),
            )
            .max(500),
        }),
        response: { 201: z.object({ count: CountSchema }), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send({ count: await recordCount(request.ctx, request.body) }),
  );

  app.get(
    `${BASE}/counts`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'Counts, newest first, a page at a time, between two dates (UTC days, both included)',
        querystring: CountListQuery,
        response: {
          200: z.object({ counts: z.array(CountSchema), total: z.number() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => listCounts(request.ctx, request.query),
  );

  app.get(
    `${BASE}/counts/:id`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'One count with its lines and discrepancy notes',
        params: IdParams,
        response: { 200: CountSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readCount(request.ctx, request.params.id),
  );

  app.post(
    `${BASE}/counts/:id/discrepancy`,
    {
      config: { access: WRITE },
      schema: {
        tags: TAGS,
        summary: 'Work a count’s discrepancy: investigate, explain or report',
        params: IdParams,
        body: z.strictObject({
          action: z.enum(['investigate', 'explain', 'report']),
          note: Text(4000, 'Write what was found or done.'),
        }),
        response: { 200: CountSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => workDiscrepancy(request.ctx, request.params.id, request.body),
  );

  app.post(
    `${BASE}/adjustments`,
    {
      config: { access: MANAGE },
      schema: {
        tags: TAGS,
        summary: 'Correct a balance after a count found a difference, with a reason and a witness',
        body: z.strictObject({
          countId: Uuid,
          lotId: Uuid,
          cabinetId: Uuid,
          quantity: Quantity,
          reason: Text(1000, 'Give the reason for the adjustment.'),
          witnesses: Witnesses,
        }),
        response: { 201: EntryResult, ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ entry: await recordAdjustment(request.ctx, request.body) }),
  );

  app.get(
    `${BASE}/ledger`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'The ledger, newest first, 100 entries a page',
        querystring: z.strictObject({
          ...Filters,
          kind: z.enum(ENTRY_KINDS).optional(),
          cursor: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
        }),
        response: {
          200: z.object({ entries: z.array(EntrySchema), nextCursor: z.string().nullable() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => readLedger(request.ctx, request.query),
  );

  app.get(
    `${BASE}/reports/:kind`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'Inspection reports as JSON, CSV or a printable PDF',
        params: z.strictObject({ kind: z.enum(REPORT_KINDS) }),
        querystring: z.strictObject({ ...Filters, format: z.enum(['json', 'csv', 'pdf']).default('json') }),
        produces: ['application/json', 'text/csv', 'application/pdf'],
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const report = await buildReport(request.ctx, request.params.kind, filter, format);
      if (format === 'json') return report;
      const name = `${request.params.kind}-${request.ctx.now.toISOString().slice(0, 10)}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'csv')
        return reply.header('content-type', 'text/csv; charset=utf-8').send(reportCsv(report));
      const subtitle = `${filter.from ?? 'start'} to ${filter.to ?? 'today'} · generated ${request.ctx.now.toISOString()} · ${report.rows.length} rows`;
      return reply
        .header('content-type', 'application/pdf')
        .send(Buffer.from(await reportPdf(report, [...report.registrants.map(registrantLine), subtitle])));
    },
  );

  app.get(
    `${BASE}/verify`,
    {
      config: { access: READ },
      schema: {
        tags: TAGS,
        summary: 'Recompute every hash and running balance of the clinic’s ledger',
        response: {
          200: z.object({
            ok: z.boolean(),
            entries: z.number(),
            head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
            firstBad: z.object({ seq: z.number(), reason: z.string() }).optional(),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => verifyOwnLedger(request.ctx),
  );
}
