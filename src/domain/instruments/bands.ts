import type { Band } from './types.ts';

/** The band a total falls in; the bands of every definition cover its whole range (tested). */
export function findBand<S extends string>(bands: readonly Band<S>[], total: number): Band<S> {
  const band = bands.find((candidate) => total >= candidate.min && total <= candidate.max);
  if (!band) throw new RangeError(`no band holds the total ${total}`);
  return band;
}

export function describeBand(band: Band<string>): string {
  return `${band.label} (${band.min}–${band.max})`;
}
