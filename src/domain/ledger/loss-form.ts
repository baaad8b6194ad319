/**
 * The facts of a theft or loss, after DEA Form 106 (`dea-form-106`, a starting list the clinic may
 * extend), and the notice rule of 21 CFR 1301.76(b) (`dea-1301-76`).
 */
export const LOSS_TYPES = [
  'night-break-in',
  'armed-robbery',
  'employee-pilferage',
  'customer-theft',
  'lost-in-transit',
  'other',
] as const;
export type LossType = (typeof LOSS_TYPES)[number];

export type LossFormField = { key: string; label: string; required: boolean; builtIn: boolean };

export const BUILT_IN_LOSS_FIELDS: readonly LossFormField[] = [
  { key: 'discoveredOn', label: 'Date of discovery', required: true, builtIn: true },
  { key: 'lossType', label: 'Type of theft or loss', required: true, builtIn: true },
  { key: 'policeNotified', label: 'Police notified', required: true, builtIn: true },
  { key: 'policeReport', label: 'Police report number', required: false, builtIn: true },
  {
    key: 'quantity',
    label: 'Quantity lost (NDC, name, strength and form come from the lot)',
    required: true,
    builtIn: true,
  },
  { key: 'value', label: 'Value (US$)', required: false, builtIn: true },
  { key: 'stepsTaken', label: 'Steps taken to prevent recurrence', required: false, builtIn: true },
];

export const LOSS_EVIDENCE = ['dea-1301-76', 'dea-form-106'] as const;

/** 1301.76(b): written notice within one business day of discovery; Form 106 online within 45 days. */
export const LOSS_REMINDER =
  'Notify the DEA Field Division in writing within one business day of discovering a theft or significant loss, and file DEA Form 106 electronically within 45 days (21 CFR 1301.76(b)). Any theft is reportable whatever the amount.';

/** The next business day after a discovery date (YYYY-MM-DD): Saturday and Sunday are skipped. */
export function noticeDueBy(discoveredOn: string): string {
  const date = new Date(`${discoveredOn}T00:00:00Z`);
  do {
    date.setUTCDate(date.getUTCDate() + 1);
  } while (date.getUTCDay() === 0 || date.getUTCDay() === 6);
  return date.toISOString().slice(0, 10);
}
