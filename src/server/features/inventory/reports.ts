import type { EntryKind } from '../../../domain/ledger/kinds.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { listCountViews } from './count-store.ts';
import { listRegistrants, type Registrant } from './registrants.ts';
import { invalid } from './service.ts';
import { type LedgerEntryView, type LedgerFilter, listCabinets, listEntries } from './store.ts';

export const REPORT_KINDS = [
  'administrations',
  'receipts',
  'waste',
  'destructions',
  'losses',
  'inventory',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export type ReportFilter = {
  from?: string;
  to?: string;
  productId?: string;
  lotId?: string;
  userId?: string;
  /** One registered location's records (DEA records are kept per registered location). */
  locationId?: string;
};
type Cell = string | number | null;
export type Report = {
  title: string;
  /** Whose records these are: the location asked for, or every location that keeps stock. */
  registrants: Registrant[];
  columns: { key: string; label: string }[];
  /** Each row also carries `locationId` (not a column): the registrant it belongs to. */
  rows: Record<string, Cell>[];
};

type Column = { key: string; label: string; value: (e: LedgerEntryView) => Cell };

const when: Column = {
  key: 'occurredAt',
  label: 'Date and time (UTC)',
  value: (e) => e.occurredAt.slice(0, 19).replace('T', ' '),
};
const product: Column = { key: 'product', label: 'Product', value: (e) => e.productName };
const ndc: Column = { key: 'ndc', label: 'NDC', value: (e) => e.ndc };
const form: Column = { key: 'strength', label: 'Strength', value: (e) => e.strength };
const container: Column = { key: 'containerSize', label: 'Container', value: (e) => e.containerSize };
const lot: Column = { key: 'lot', label: 'Lot', value: (e) => e.lotNumber };
const amount: Column = { key: 'quantity', label: 'Quantity', value: (e) => Math.abs(e.quantity) };
const unit: Column = { key: 'unit', label: 'Unit', value: (e) => e.baseUnit };
const ml: Column = {
  key: 'ml',
  label: 'mL',
  value: (e) => (e.quantityMl === null ? null : Math.abs(e.quantityMl)),
};
const cabinet: Column = {
  key: 'cabinet',
  label: 'Cabinet',
  value: (e) => `${e.locationName} / ${e.cabinetName}`,
};
const by: Column = { key: 'by', label: 'Recorded by', value: (e) => e.actorName };
const witnesses: Column = { key: 'witnesses', label: 'Witnesses', value: (e) => e.witnessNames.join('; ') };
const seq: Column = { key: 'seq', label: 'Ledger #', value: (e) => e.seq };
const detail = (key: string, label: string): Column => ({
  key,
  label,
  value: (e) => {
    const v = e.details[key];
    return v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  },
});

/**
 * The inspection reports. Administrations carry every field of 21 CFR 1304.22(c) (`dea-1304-22`):
 * name, finished form and container, quantity, to whom (name and address), date, and who gave it.
 */
const LEDGER_REPORTS: Record<
  Exclude<ReportKind, 'inventory'>,
  { title: string; kinds: EntryKind[]; columns: Column[] }
> = {
  administrations: {
    title: 'Administration log',
    kinds: ['administration'],
    columns: [
      when,
      product,
      form,
      container,
      lot,
      amount,
      unit,
      ml,
      { key: 'patient', label: 'Patient', value: (e) => e.patientName },
      { key: 'mrn', label: 'MRN', value: (e) => e.patientMrn },
      // The address the entry recorded when it was written (see administration-recipient.ts).
      {
        key: 'address',
        label: 'Patient address',
        value: (e) => e.patientAddress ?? (e.patientId ? 'no address on record' : null),
      },
      { key: 'by', label: 'Administered by', value: (e) => e.actorName },
      cabinet,
      seq,
    ],
  },
  receipts: {
    title: 'Receipts',
    kinds: ['receipt'],
    columns: [
      when,
      product,
      ndc,
      form,
      container,
      detail('containers', 'Containers'),
      amount,
      unit,
      lot,
      { key: 'expiresOn', label: 'Expires', value: (e) => e.expiresOn },
      detail('supplierName', 'Supplier'),
      detail('supplierAddress', 'Supplier address'),
      detail('supplierDea', 'Supplier DEA no.'),
      detail('invoiceNumber', 'Invoice'),
      detail('invoiceDate', 'Invoice date'),
      { key: 'by', label: 'Received by', value: (e) => e.actorName },
      cabinet,
      seq,
    ],
  },
  waste: {
    title: 'Waste log',
    kinds: ['waste'],
    columns: [
      when,
      product,
      lot,
      amount,
      unit,
      ml,
      { key: 'patient', label: 'Patient', value: (e) => e.patientName },
      detail('reason', 'Reason'),
      { key: 'by', label: 'Wasted by', value: (e) => e.actorName },
      witnesses,
      cabinet,
      seq,
    ],
  },
  destructions: {
    title: 'Destructions (DEA Form 41 data) and returns',
    kinds: ['destruction', 'return'],
    columns: [
      when,
      { key: 'kind', label: 'Kind', value: (e) => e.kind },
      product,
      ndc,
      form,
      lot,
      amount,
      unit,
      detail('method', 'Method'),
      detail('place', 'Place'),
      detail('recipientName', 'Returned to'),
      detail('recipientDea', 'Recipient DEA no.'),
      by,
      witnesses,
      seq,
    ],
  },
  losses: {
    title: 'Theft or loss (DEA Form 106 data)',
    kinds: ['loss'],
    columns: [
      when,
      detail('discoveredOn', 'Discovered'),
      detail('lossType', 'Type'),
      product,
      ndc,
      form,
      lot,
      amount,
      unit,
      detail('policeNotified', 'Police notified'),
      detail('policeReport', 'Police report'),
      detail('value', 'Value'),
      detail('stepsTaken', 'Steps taken'),
      detail('noticeDueBy', 'Written notice due'),
      by,
      seq,
    ],
  },
};

export const INVENTORY_COLUMNS = [
  { key: 'countedAt', label: 'Date and time (UTC)' },
  { key: 'kind', label: 'Inventory' },
  { key: 'timing', label: 'Opening or close' },
  { key: 'cabinet', label: 'Cabinet' },
  { key: 'product', label: 'Product' },
  { key: 'lot', label: 'Lot' },
  { key: 'expected', label: 'Ledger' },
  { key: 'counted', label: 'Counted' },
  { key: 'unit', label: 'Unit' },
  { key: 'method', label: 'Counted or estimated' },
  { key: 'by', label: 'Counted by' },
];

function nextDay(date: string): Date {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

export function ledgerFilterOf(filter: ReportFilter): LedgerFilter {
  return {
    from: filter.from ? new Date(`${filter.from}T00:00:00Z`) : undefined,
    to: filter.to ? nextDay(filter.to) : undefined,
    productId: filter.productId,
    lotId: filter.lotId,
    userId: filter.userId,
    locationId: filter.locationId,
  };
}

/** Builds a report and audits it as an export (CSV), a print (PDF) or a read (on screen). */
export async function buildReport(
  ctx: Ctx,
  kind: ReportKind,
  filter: ReportFilter,
  format: 'json' | 'csv' | 'pdf',
): Promise<Report> {
  let report: Omit<Report, 'registrants'>;
  let patientIds: string[] = [];
  const registrants = await listRegistrants(ctx.db, ctx.orgId, filter.locationId);
  if (filter.locationId && registrants.length === 0) {
    throw invalid('querystring.locationId', 'No such location in this clinic.');
  }
  if (kind === 'inventory') {
    const cabinets = new Map((await listCabinets(ctx.db, ctx.orgId)).map((c) => [c.id, c.locationId]));
    const counts = await listCountViews(ctx.db, ctx.orgId, {
      kinds: ['initial', 'biennial'],
      ...(filter.from ? { from: new Date(`${filter.from}T00:00:00Z`) } : {}),
      ...(filter.to ? { to: nextDay(filter.to) } : {}),
      limit: 10_000,
    });
    const rows = counts
      .filter((c) => !filter.userId || c.countedBy === filter.userId)
      .filter((c) => !filter.locationId || cabinets.get(c.cabinetId) === filter.locationId)
      .flatMap((c) =>
        c.lines
          .filter((l) => !filter.lotId || l.lotId === filter.lotId)
          .map((l) => ({
            countedAt: c.countedAt.slice(0, 19).replace('T', ' '),
            kind: c.kind,
            timing: c.timing,
            cabinet: c.cabinetName,
            product: l.productName,
            lot: l.lotNumber,
            expected: l.expected,
            counted: l.counted,
            unit: l.baseUnit,
            method: l.method,
            by: c.countedByName,
            locationId: cabinets.get(c.cabinetId) ?? null,
          })),
      );
    report = { title: 'Initial and biennial inventories', columns: INVENTORY_COLUMNS, rows };
  } else {
    const spec = LEDGER_REPORTS[kind];
    const entries = await listEntries(ctx.db, ctx.orgId, {
      ...ledgerFilterOf(filter),
      kinds: spec.kinds,
      order: 'asc',
    });
    patientIds = [...new Set(entries.flatMap((e) => (e.patientId ? [e.patientId] : [])))];
    report = {
      title: spec.title,
      columns: spec.columns.map(({ key, label }) => ({ key, label })),
      rows: entries.map((e) => ({
        ...Object.fromEntries(spec.columns.map((c) => [c.key, c.value(e)])),
        locationId: e.locationId,
      })),
    };
  }
  await audit(ctx.db, ctx, {
    action: format === 'csv' ? 'export' : format === 'pdf' ? 'print' : 'read',
    entityType: 'ledger_report',
    entityId: kind,
    details: { filter: { ...filter }, rows: report.rows.length, format, patients: patientIds.length },
  });
  return { ...report, registrants };
}
