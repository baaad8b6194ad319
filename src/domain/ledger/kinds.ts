import type { BaseUnit } from './quantity.ts';

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

/** Which way stock moves: in adds to the lot's balance in the cabinet, out takes from it. */
export type Direction = 'in' | 'out' | 'either';

export type WitnessRule = {
  count: number;
  /** Set when the rule is a clinic policy an admin may turn off (its settings key). */
  clinicPolicy?: 'wasteWitnessRequired' | 'adjustmentWitnessRequired';
};

export type EntryRule = {
  kind: EntryKind;
  direction: Direction;
  witnesses: WitnessRule;
  /** Facts the entry must carry besides who, when, lot, cabinet and quantity. */
  requires: readonly string[];
  evidence: readonly string[];
  clinicPolicy?: true;
};

export const ENTRY_RULES: Record<EntryKind, EntryRule> = {
  receipt: {
    kind: 'receipt',
    direction: 'in',
    witnesses: { count: 0 },
    // 1304.22(c)(3): containers received, date, supplier name, address and DEA number; invoices for CIII.
    requires: [
      'supplierName',
      'supplierAddress',
      'supplierDea',
      'invoiceNumber',
      'invoiceDate',
      'containers',
    ],
    evidence: ['dea-1304-22', 'dea-1304-04'],
  },
  administration: {
    kind: 'administration',
    direction: 'out',
    witnesses: { count: 0 },
    // 1304.22(c)(4): quantity, to whom (name and address), date, and who dispensed.
    requires: ['patientId'],
    evidence: ['dea-1304-22', 'dea-1304-03'],
  },
  waste: {
    kind: 'waste',
    direction: 'out',
    witnesses: { count: 1, clinicPolicy: 'wasteWitnessRequired' },
    // Wastage of a partial dose is not Form 41 disposal; its witness is mostly state law, so a clinic policy.
    requires: ['reason'],
    evidence: ['dea-1304-22'],
    clinicPolicy: true,
  },
  'transfer-out': {
    kind: 'transfer-out',
    direction: 'out',
    witnesses: { count: 0 },
    requires: ['toCabinetId'],
    evidence: ['dea-1301-75'],
  },
  'transfer-in': {
    kind: 'transfer-in',
    direction: 'in',
    witnesses: { count: 0 },
    requires: ['fromCabinetId'],
    evidence: ['dea-1301-75'],
  },
  return: {
    kind: 'return',
    direction: 'out',
    witnesses: { count: 0 },
    // 1304.22(c)(5): disposed of in any other manner, with date and manner (to a supplier or reverse distributor).
    requires: ['recipientName', 'recipientDea', 'recipientAddress'],
    evidence: ['dea-1304-22'],
  },
  destruction: {
    kind: 'destruction',
    direction: 'out',
    witnesses: { count: 2 },
    requires: ['method', 'place'],
    evidence: ['dea-form-41', 'dea-1304-22'],
  },
  loss: {
    kind: 'loss',
    direction: 'out',
    witnesses: { count: 0 },
    requires: ['discoveredOn', 'lossType', 'policeNotified'],
    evidence: ['dea-1301-76', 'dea-form-106'],
  },
  adjustment: {
    kind: 'adjustment',
    direction: 'either',
    witnesses: { count: 1, clinicPolicy: 'adjustmentWitnessRequired' },
    // Only after a count that found the difference; the second person is a clinic policy.
    requires: ['countId', 'reason'],
    evidence: ['dea-1304-11'],
    clinicPolicy: true,
  },
};

export type WitnessPolicy = { wasteWitnessRequired: boolean; adjustmentWitnessRequired: boolean };

/** Clinic-policy defaults: both witness rules on until an admin turns them off. */
export const DEFAULT_WITNESS_POLICY: WitnessPolicy & { clinicPolicy: true } = {
  wasteWitnessRequired: true,
  adjustmentWitnessRequired: true,
  clinicPolicy: true,
};

/** How many witnesses an entry of this kind needs under the clinic's policy. */
export function witnessesRequired(kind: EntryKind, policy: WitnessPolicy): number {
  const rule = ENTRY_RULES[kind].witnesses;
  if (rule.clinicPolicy && !policy[rule.clinicPolicy]) return 0;
  return rule.count;
}

/** The sign a quantity takes in the ledger for a kind; either-way kinds keep the sign given. */
export function signedQuantity(kind: EntryKind, tenths: number): number {
  const direction = ENTRY_RULES[kind].direction;
  if (direction === 'in') return Math.abs(tenths);
  if (direction === 'out') return -Math.abs(tenths);
  return tenths;
}

export function unitLabel(unit: BaseUnit, plural = true): string {
  return unit === 'mg' ? 'mg' : plural ? 'devices' : 'device';
}
