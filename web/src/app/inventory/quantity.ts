import type { BaseUnit } from '../../api/inventory.ts';
import { formatNumber } from '../../format.ts';

/** `250 mg (5 mL)`, `-2 devices`: the base unit always, mL beside it where the product has mg/mL. */
export function formatQuantity(quantity: number, unit: BaseUnit, ml?: number | null): string {
  if (unit === 'device')
    return `${formatNumber(quantity)} ${Math.abs(quantity) === 1 ? 'device' : 'devices'}`;
  const mg = `${formatNumber(quantity)} mg`;
  return ml === null || ml === undefined ? mg : `${mg} (${formatMl(ml)} mL)`;
}

function formatMl(ml: number): string {
  return Number.isInteger(ml) ? String(ml) : String(Number(ml.toFixed(2)));
}

/** mL for a quantity in mg typed into a form; null where the product has no mg/mL. */
export function mlOf(quantity: number, mgPerMl: number | null | undefined): number | null {
  if (!mgPerMl || !Number.isFinite(quantity)) return null;
  return quantity / mgPerMl;
}

export function unitLabel(unit: BaseUnit): string {
  return unit === 'device' ? 'devices' : 'mg';
}

/** A number from a form field; undefined for a blank field so the server names it as missing. */
export function numberOrUndefined(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** How much an entry moved, without its sign (the kind says which way). */
export function formatEntryAmount(entry: {
  quantity: number;
  quantityMl: number | null;
  baseUnit: BaseUnit;
}): string {
  return formatQuantity(
    Math.abs(entry.quantity),
    entry.baseUnit,
    entry.quantityMl === null ? null : Math.abs(entry.quantityMl),
  );
}
