import type { Provenance } from '../evidence.ts';
import { type Exact, roundExact } from './decimal.ts';

/** A dosing fact or default with its sources, and whatever values it fixes. */
export type SourcedFact = Provenance & { readonly description: string; readonly [key: string]: unknown };

/** One line of a calculation as the live preview and the CLI show it. */
export type DoseStep = {
  readonly label: string;
  /** How the value was reached, with the inputs and the rounding. */
  readonly formula: string;
  readonly value: number;
  readonly unit: string;
};

/** A number as people write it (70, 0.5, 35.1). */
export function formatNumber(value: number): string {
  return String(value);
}

/** An unrounded intermediate, shown to 4 decimal places. */
export function formatExact(value: Exact): string {
  return String(roundExact(value, 4));
}
