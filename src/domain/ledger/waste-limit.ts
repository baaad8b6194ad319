import type { Tenths } from './quantity.ts';

/**
 * A waste that names no administration may take at most one container's content (one vial, one
 * nasal device). Waste is for what a dose leaves behind; disposing of more is destruction of stock,
 * which DEA Form 41 makes a two-witness record (or a return to a reverse distributor), and a waste
 * with one witness must not be a way around it. The one-container ceiling is a clinic-safety rule
 * derived from that form: no source gives the number, so it is a clinic policy.
 */
export const UNATTRIBUTED_WASTE_RULE = {
  containers: 1,
  evidence: ['dea-form-41'],
  clinicPolicy: true,
} as const;

/** The most a waste naming no administration may take, from the product's content per container. */
export function unattributedWasteLimit(perContainer: Tenths): Tenths {
  return perContainer * UNATTRIBUTED_WASTE_RULE.containers;
}
