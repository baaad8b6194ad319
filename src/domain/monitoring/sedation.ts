import type { Provenance } from '../evidence.ts';

/** MOAA/S levels, 5 (fully awake) to 0 (no response to pain); the short definitions ship freely. */
export const MOAAS_LEVELS: readonly { readonly score: number; readonly text: string }[] = [
  { score: 5, text: 'Responds readily to name spoken in normal tone' },
  { score: 4, text: 'Lethargic response to name spoken in normal tone' },
  { score: 3, text: 'Responds only after name is called loudly and/or repeatedly' },
  { score: 2, text: 'Responds only after mild prodding or shaking' },
  { score: 1, text: 'Does not respond to mild prodding or shaking' },
  { score: 0, text: 'Does not respond to pain' },
];

export const MOAAS: Provenance = { evidence: ['chernik-1990-moaas'] };

/** The esketamine label counts MOAA/S 0 as loss of consciousness. */
export function isLossOfConsciousness(moaas: number): boolean {
  return moaas === 0;
}

/**
 * CADSS-6 could not be sourced (no item list, no licence), so dissociation is a clinic-defined
 * 0–4 rating until a clinic loads CADSS-6.
 */
export const DISSOCIATION_LEVELS: readonly { readonly score: number; readonly text: string }[] = [
  { score: 0, text: 'None: no perceptual or dissociative change' },
  { score: 1, text: 'Mild: aware of changes, fully oriented and communicating' },
  { score: 2, text: 'Moderate: clear perceptual changes, answers slowly but appropriately' },
  { score: 3, text: 'Marked: detached, difficult to engage, needs reassurance' },
  { score: 4, text: 'Severe: cannot engage or is distressed by the experience' },
];

export const DISSOCIATION_RATING: Provenance = { evidence: ['bremner-1998-cadss'], clinicPolicy: true };

export function isMoaasScore(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 5;
}

export function isDissociationScore(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 4;
}
