import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainRow, canonicalJson, chainHash, findChainBreak, GENESIS_HASH } from './hash-chain.ts';

function buildChain(fieldsList: Record<string, unknown>[]): ChainRow[] {
  let prev = GENESIS_HASH;
  return fieldsList.map((fields, i) => {
    const row = {
      seq: i + 1,
      prevHash: prev,
      hash: chainHash(prev, { ...fields, seq: i + 1 }),
      fields: { ...fields, seq: i + 1 },
    };
    prev = row.hash;
    return row;
  });
}

describe('canonicalJson', () => {
  it('sorts keys at every level and writes numbers as strings', () => {
    expect(canonicalJson({ b: 1, a: { d: 2.5, c: [3, 'x', null] } })).toBe(
      '{"a":{"c":["3","x",null],"d":"2.5"},"b":"1"}',
    );
  });

  it('refuses Dates, which would lose PostgreSQL microseconds', () => {
    expect(() => canonicalJson({ at: new Date() })).toThrow(/ISO 8601/);
  });

  it('is the same whatever order keys were given in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
      { numRuns: 200 },
    );
  });
});

describe('chainHash', () => {
  it('is SHA-256 of prev_hash, a newline and the canonical row, in lowercase hex', () => {
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n{"a":"1"}`).digest('hex');
    expect(chainHash(GENESIS_HASH, { a: 1 })).toBe(expected);
  });
});

describe('findChainBreak', () => {
  const rows = buildChain([
    { action: 'create' },
    { action: 'read' },
    { action: 'update' },
    { action: 'delete' },
  ]);

  it('accepts an intact chain and reports its head', () => {
    const result = findChainBreak(rows);
    expect(result.break).toBeUndefined();
    expect(result.head).toEqual({ seq: 4, hash: rows[3]?.hash });
  });

  it('names the first altered row', () => {
    const altered = rows.map((r) => (r.seq === 2 ? { ...r, fields: { ...r.fields, action: 'export' } } : r));
    expect(findChainBreak(altered).break).toEqual({
      seq: '2',
      problem: 'hash does not match the row (altered)',
    });
  });

  it('names a gap where a row was deleted', () => {
    const gap = rows.filter((r) => r.seq !== 3);
    expect(findChainBreak(gap).break?.seq).toBe('3');
    expect(findChainBreak(gap).break?.problem).toMatch(/gap/);
  });

  it('notices a row whose hash was recomputed but whose successor still points at the old one', () => {
    const forged = rows.map((r) => {
      if (r.seq !== 2) return r;
      const fields = { ...r.fields, action: 'export' };
      return { ...r, fields, hash: chainHash(r.prevHash, fields) };
    });
    expect(findChainBreak(forged).break).toEqual({
      seq: '3',
      problem: 'prev_hash does not match the previous row',
    });
  });

  it('finds any single alteration in a random chain', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 30 }), fc.nat(), (values, pick) => {
        const chain = buildChain(values.map((v) => ({ v })));
        const index = pick % chain.length;
        const tampered = chain.map((r, i) =>
          i === index ? { ...r, fields: { ...r.fields, v: `${r.fields.v}!` } } : r,
        );
        expect(findChainBreak(tampered).break?.seq).toBe(String(index + 1));
      }),
      { numRuns: 200 },
    );
  });
});
