/** Deep equality of plain data, whatever the key order (rule sets come back from JSON). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameData(item, b[index]))
    );
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aEntries = Object.entries(a).filter(([, value]) => value !== undefined);
  const bRecord = b as Record<string, unknown>;
  const bKeys = Object.keys(b).filter((key) => bRecord[key] !== undefined);
  return aEntries.length === bKeys.length && aEntries.every(([key, value]) => sameData(value, bRecord[key]));
}
