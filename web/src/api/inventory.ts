// Typed client for the controlled-substance ledger (/api/v1/inventory). The server owns this file;
// the shapes follow /work/notes/ledger-contract.md. Quantities are in the product's base unit:
// "mg" (ketamine, up to one decimal) or "device" (esketamine 28 mg devices, whole numbers).
import { query, request } from '../api.ts';

export type BaseUnit = 'mg' | 'device';
export type ProductForm = 'vial' | 'nasal-device';

export type Product = {
  id: string;
  name: string;
  ndc: string;
  form: ProductForm;
  strength: string;
  baseUnit: BaseUnit;
  mgPerMl: number | null;
  mgPerDevice: number | null;
  containerSize: string;
  /** Base units in one commercial container (500 mg in a 10 mL vial of 50 mg/mL; 1 device). */
  unitsPerContainer: number;
};

export type ProductInput = {
  name: string;
  ndc: string;
  form: ProductForm;
  baseUnit: BaseUnit;
  mgPerMl?: number | null;
  mgPerDevice?: number | null;
  containerSize: string;
  unitsPerContainer: number;
};

export type Cabinet = { id: string; locationId: string; locationName: string; name: string };

export type StockRow = {
  lotId: string;
  lotNumber: string;
  expiresOn: string;
  expired: boolean;
  productId: string;
  productName: string;
  baseUnit: BaseUnit;
  cabinetId: string;
  cabinetName: string;
  balance: number;
  balanceMl: number | null;
};

export type Lot = {
  id: string;
  productId: string;
  lotNumber: string;
  expiresOn: string;
  supplierName: string;
  supplierAddress: string;
  supplierDea: string;
  invoiceNumber: string;
  invoiceDate: string;
};

/** A second (or third) person who authenticates at the moment of witnessing. */
export type WitnessInput = { email: string; password: string; totp?: string };

export const ENTRY_KINDS = [
  'receipt',
  'administration',
  'waste',
  'transfer-out',
  'transfer-in',
  'return',
  'destruction',
  'loss',
  'adjustment',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  receipt: 'Receipt',
  administration: 'Administration',
  waste: 'Waste',
  'transfer-out': 'Transfer out',
  'transfer-in': 'Transfer in',
  return: 'Return',
  destruction: 'Destruction',
  loss: 'Theft or loss',
  adjustment: 'Count adjustment',
};

export type LedgerEntry = {
  id: string;
  seq: number;
  kind: EntryKind;
  occurredAt: string;
  lotId: string;
  lotNumber: string;
  expiresOn: string;
  productId: string;
  productName: string;
  ndc: string;
  strength: string;
  containerSize: string;
  baseUnit: BaseUnit;
  cabinetId: string;
  cabinetName: string;
  locationName: string;
  /** Signed: negative when stock leaves the cabinet. */
  quantity: number;
  quantityMl: number | null;
  /** The running balance of this lot in this cabinet after the entry. */
  balanceAfter: number;
  balanceAfterMl: number | null;
  actorId: string;
  actorName: string;
  witnessIds: string[];
  witnessNames: string[];
  patientId: string | null;
  patientName: string | null;
  patientAddress: string | null;
  patientMrn: string | null;
  bookingId: string | null;
  /** Set by the session chart when it records the administration. */
  sessionId: string | null;
  countId: string | null;
  /** A transfer-in names its transfer-out; a waste names the administration it follows. */
  relatedEntryId: string | null;
  /** Kind-specific facts: invoice, reason, method and place, Form 106 fields, recipient … */
  details: Record<string, unknown>;
  hash: string;
};

export type ReceiptInput = {
  productId: string;
  cabinetId: string;
  lotNumber: string;
  expiresOn: string;
  supplierName: string;
  supplierAddress: string;
  supplierDea: string;
  invoiceNumber: string;
  invoiceDate: string;
  containers: number;
};

export type AdministrationInput = {
  lotId: string;
  cabinetId: string;
  quantity: number;
  patientId: string;
  bookingId?: string;
  note?: string;
};

export type AdministrationResult = {
  entry: LedgerEntry;
  /**
   * What is left in the container opened for this dose (base units) when it is not used up:
   * it must be wasted with a witness or kept as documented stock. 0 when nothing is left over.
   */
  openContainerRemainder: number;
};

export type WasteInput = {
  lotId: string;
  cabinetId: string;
  quantity: number;
  patientId?: string;
  administrationEntryId?: string;
  reason: string;
  witnesses: WitnessInput[];
};

export type TransferInput = { lotId: string; fromCabinetId: string; toCabinetId: string; quantity: number };

export type ReturnInput = {
  lotId: string;
  cabinetId: string;
  quantity: number;
  recipientName: string;
  recipientDea: string;
  recipientAddress: string;
};

export type DestructionInput = {
  lotId: string;
  cabinetId: string;
  quantity: number;
  method: string;
  place: string;
  witnesses: WitnessInput[];
};

export const LOSS_TYPES = [
  'night-break-in',
  'armed-robbery',
  'employee-pilferage',
  'customer-theft',
  'lost-in-transit',
  'other',
] as const;
export type LossType = (typeof LOSS_TYPES)[number];

export const LOSS_TYPE_LABELS: Record<LossType, string> = {
  'night-break-in': 'Night break-in',
  'armed-robbery': 'Armed robbery',
  'employee-pilferage': 'Employee pilferage',
  'customer-theft': 'Customer theft',
  'lost-in-transit': 'Lost in transit',
  other: 'Other',
};

export type LossInput = {
  lotId: string;
  cabinetId: string;
  quantity: number;
  discoveredOn: string;
  lossType: LossType;
  policeNotified: boolean;
  policeReport?: string;
  value?: number;
  stepsTaken?: string;
  /** Answers to the clinic's own extra questions (GET /loss-form), keyed by field key. */
  extra?: Record<string, string>;
};

export type LossFormField = { key: string; label: string; required: boolean; builtIn: boolean };

export type CountKind = 'shift' | 'end-of-day' | 'initial' | 'biennial';
export type CountTiming = 'opening' | 'closing';
export type CountMethod = 'counted' | 'estimated';
export type CountStatus = 'balanced' | 'open' | 'investigating' | 'explained' | 'reported';

export type CountInput = {
  cabinetId: string;
  kind: CountKind;
  timing?: CountTiming;
  lines: { lotId: string; counted: number; method: CountMethod }[];
};

export type CountLine = {
  lotId: string;
  lotNumber: string;
  productName: string;
  baseUnit: BaseUnit;
  expected: number;
  counted: number;
  difference: number;
  method: CountMethod;
};

export type DiscrepancyAction = 'investigate' | 'explain' | 'report';

export type CountNote = {
  action: DiscrepancyAction;
  note: string;
  byName: string;
  at: string;
};

export type Count = {
  id: string;
  kind: CountKind;
  timing: CountTiming | null;
  cabinetId: string;
  cabinetName: string;
  countedBy: string;
  countedByName: string;
  countedAt: string;
  /** The ledger entry the expected balances are as of. */
  ledgerSeq: number;
  lines: CountLine[];
  discrepancies: number;
  status: CountStatus;
  notes: CountNote[];
};

export type AdjustmentInput = {
  countId: string;
  lotId: string;
  cabinetId: string;
  /** Signed: positive adds stock found, negative removes stock missing. */
  quantity: number;
  reason: string;
  witnesses: WitnessInput[];
};

/** Counts between two calendar days (both included), a page at a time, newest first. */
export type CountListFilters = { from?: string; to?: string; limit?: number; offset?: number };

export type LedgerFilters = {
  from?: string;
  to?: string;
  productId?: string;
  lotId?: string;
  userId?: string;
  kind?: EntryKind;
  cursor?: string;
};

export const REPORT_KINDS = [
  'administrations',
  'receipts',
  'waste',
  'destructions',
  'losses',
  'inventory',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_LABELS: Record<ReportKind, string> = {
  administrations: 'Administrations',
  receipts: 'Receipts',
  waste: 'Waste',
  destructions: 'Destructions and returns',
  losses: 'Theft or loss',
  inventory: 'Inventories (initial and biennial)',
};

export type ReportFilters = Omit<LedgerFilters, 'kind' | 'cursor'>;

export type Registrant = {
  locationId: string;
  name: string;
  address: string;
  deaRegistration: string | null;
};

export type Report = {
  title: string;
  /** Whose records these are: every location that keeps controlled substances. */
  registrants: Registrant[];
  columns: { key: string; label: string }[];
  rows: Record<string, string | number | null>[];
};

export type Verification = {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string } | null;
  firstBad?: { seq: number; reason: string };
};

export type WitnessPolicy = {
  wasteWitnessRequired: boolean;
  adjustmentWitnessRequired: boolean;
};

const BASE = '/inventory';

export const inventoryApi = {
  listProducts: () => request<{ products: Product[] }>('GET', `${BASE}/products`),
  addProduct: (body: ProductInput) => request<Product>('POST', `${BASE}/products`, { body }),
  listCabinets: () => request<{ cabinets: Cabinet[] }>('GET', `${BASE}/cabinets`),
  addCabinet: (body: { locationId: string; name: string }) =>
    request<Cabinet>('POST', `${BASE}/cabinets`, { body }),
  listStock: () => request<{ stock: StockRow[] }>('GET', `${BASE}/stock`),
  listLots: (productId?: string) => request<{ lots: Lot[] }>('GET', `${BASE}/lots${query({ productId })}`),
  /** Whether waste and adjustments need a witness in this clinic (clinic policy, on by default). */
  witnessPolicy: () => request<WitnessPolicy>('GET', `${BASE}/witness-policy`),

  recordReceipt: (body: ReceiptInput) =>
    request<{ entry: LedgerEntry }>('POST', `${BASE}/receipts`, { body }),
  recordAdministration: (body: AdministrationInput) =>
    request<AdministrationResult>('POST', `${BASE}/administrations`, { body }),
  recordWaste: (body: WasteInput) => request<{ entry: LedgerEntry }>('POST', `${BASE}/waste`, { body }),
  recordTransfer: (body: TransferInput) =>
    request<{ entries: [LedgerEntry, LedgerEntry] }>('POST', `${BASE}/transfers`, { body }),
  recordReturn: (body: ReturnInput) => request<{ entry: LedgerEntry }>('POST', `${BASE}/returns`, { body }),
  recordDestruction: (body: DestructionInput) =>
    request<{ entry: LedgerEntry }>('POST', `${BASE}/destructions`, { body }),
  lossForm: () => request<{ fields: LossFormField[] }>('GET', `${BASE}/loss-form`),
  recordLoss: (body: LossInput) =>
    request<{ entry: LedgerEntry; reminder: string; noticeDueBy: string }>('POST', `${BASE}/losses`, {
      body,
    }),

  recordCount: (body: CountInput) => request<{ count: Count }>('POST', `${BASE}/counts`, { body }),
  listCounts: (filters: CountListFilters = {}) =>
    request<{ counts: Count[]; total: number }>('GET', `${BASE}/counts${query({ ...filters })}`),
  getCount: (id: string) => request<Count>('GET', `${BASE}/counts/${id}`),
  workDiscrepancy: (id: string, body: { action: DiscrepancyAction; note: string }) =>
    request<Count>('POST', `${BASE}/counts/${id}/discrepancy`, { body }),
  recordAdjustment: (body: AdjustmentInput) =>
    request<{ entry: LedgerEntry }>('POST', `${BASE}/adjustments`, { body }),

  listLedger: (filters: LedgerFilters = {}) =>
    request<{ entries: LedgerEntry[]; nextCursor: string | null }>(
      'GET',
      `${BASE}/ledger${query({ ...filters })}`,
    ),
  report: (kind: ReportKind, filters: ReportFilters = {}) =>
    request<Report>('GET', `${BASE}/reports/${kind}${query({ ...filters, format: 'json' })}`),
  verify: () => request<Verification>('GET', `${BASE}/verify`),
};

/** A link for downloading a report as CSV or printable PDF (the browser sends the session cookie). */
export function reportUrl(kind: ReportKind, format: 'csv' | 'pdf', filters: ReportFilters = {}): string {
  return `/api/v1${BASE}/reports/${kind}${query({ ...filters, format })}`;
}
