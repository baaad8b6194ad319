import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../hash-chain.ts';
import {
  type CanonicalEntry,
  type ChainedEntry,
  canonicalEntryJson,
  canonicalStoredEntryJson,
  chainEntry,
  GENESIS_HASH,
  isoMicros,
  toStoredText,
} from './chain.ts';
import { ENTRY_RULES, signedQuantity, witnessesRequired } from './kinds.ts';
import { noticeDueBy } from './loss-form.ts';
import { formatTenths, openContainerRemainder, parseTenths, tenthsToMl, toTenths } from './quantity.ts';
import { parseExpectHead, verifyEntries } from './verify.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const LOT = '00000000-0000-4000-8000-000000000002';
const CAB = '00000000-0000-4000-8000-000000000003';

function entry(quantity: number, balanceAfter: number, i: number): Omit<CanonicalEntry, 'seq'> {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    org_id: ORG,
    kind: quantity > 0 ? 'receipt' : 'administration',
    occurred_at: isoMicros(new Date(Date.UTC(2026, 0, 1, 9, 0, i))),
    product_id: ORG,
    lot_id: LOT,
    cabinet_id: CAB,
    quantity: formatTenths(quantity),
    balance_after: formatTenths(balanceAfter),
    actor_id: ORG,
    witness_ids: [],
    patient_id: null,
    booking_id: null,
    session_id: null,
    count_id: null,
    related_entry_id: null,
    details: { note: 'x', containers: 2 },
  };
}

function build(quantities: number[]): ChainedEntry[] {
  let head = { seq: 0, hash: GENESIS_HASH };
  let balance = 0;
  return quantities.map((q, i) => {
    balance += q;
    const chained = chainEntry(head, entry(q, balance, i));
    head = { seq: Number(chained.seq), hash: chained.hash };
    return chained;
  });
}

describe('quantities', () => {
  it.each([
    [12.5, 'mg', 125],
    [0.1, 'mg', 1],
    [500, 'mg', 5000],
    [2, 'device', 20],
    [12.55, 'mg', 'too-precise'],
    [1.5, 'device', 'not-whole'],
    [Number.NaN, 'mg', 'not-a-number'],
    [1e12, 'mg', 'too-large'],
  ] as const)('%s %s → %s', (value, unit, expected) => {
    expect(toTenths(value, unit)).toBe(expected);
  });

  it('formats and parses as PostgreSQL numeric(12, 1) does, exactly', () => {
    expect(formatTenths(5000)).toBe('500.0');
    expect(formatTenths(-125)).toBe('-12.5');
    expect(formatTenths(-5)).toBe('-0.5');
    expect(formatTenths(0)).toBe('0.0');
    fc.assert(fc.property(fc.integer({ min: -1e10, max: 1e10 }), (t) => parseTenths(formatTenths(t)) === t));
  });

  it('sums tenths without drift', () => {
    const sum = [0.1, 0.2, 0.3].map((v) => toTenths(v, 'mg') as number).reduce((a, b) => a + b, 0);
    expect(formatTenths(sum)).toBe('0.6');
  });

  it('shows mL for mg/mL products only', () => {
    expect(tenthsToMl(350, 50)).toBe(0.7);
    expect(tenthsToMl(20, null)).toBeNull();
  });

  it('knows what is left in the opened container', () => {
    expect(openContainerRemainder(5000, 350, 5000)).toBe(4650);
    expect(openContainerRemainder(10000, 350, 5000)).toBe(4650);
    expect(openContainerRemainder(5000, 5000, 5000)).toBe(0);
    expect(openContainerRemainder(30, 20, 10)).toBe(0);
  });
});

describe('entry rules', () => {
  it('needs two witnesses for destruction whatever the policy, and lets policy turn off waste and adjustment witnesses', () => {
    const on = { wasteWitnessRequired: true, adjustmentWitnessRequired: true };
    const off = { wasteWitnessRequired: false, adjustmentWitnessRequired: false };
    expect(witnessesRequired('destruction', off)).toBe(2);
    expect(witnessesRequired('waste', on)).toBe(1);
    expect(witnessesRequired('waste', off)).toBe(0);
    expect(witnessesRequired('adjustment', on)).toBe(1);
    expect(witnessesRequired('adjustment', off)).toBe(0);
    expect(ENTRY_RULES.destruction.evidence).toContain('dea-form-41');
  });

  it('signs quantities by direction', () => {
    expect(signedQuantity('receipt', -10)).toBe(10);
    expect(signedQuantity('administration', 10)).toBe(-10);
    expect(signedQuantity('adjustment', -10)).toBe(-10);
  });

  it('dates the one-business-day notice', () => {
    expect(noticeDueBy('2026-03-06')).toBe('2026-03-09'); // Friday → Monday
    expect(noticeDueBy('2026-03-04')).toBe('2026-03-05');
  });
});

describe('verification', () => {
  it('accepts an intact chain and returns its head', () => {
    const entries = build([5000, -350, -125, 5000, -4525]);
    const result = verifyEntries(entries);
    expect(result).toMatchObject({ ok: true, entries: 5, head: { seq: 5, hash: entries[4]?.hash } });
  });

  it('catches an altered entry, a missing entry, a wrong balance and a negative balance', () => {
    const entries = build([5000, -350, -125, -100]);
    const altered = entries.map((e, i) => (i === 2 ? { ...e, quantity: '-12.0' } : e));
    expect(verifyEntries(altered).firstBad).toMatchObject({
      seq: 3,
      reason: expect.stringContaining('altered'),
    });
    const missing = entries.filter((_, i) => i !== 1);
    expect(verifyEntries(missing).firstBad).toMatchObject({
      seq: 2,
      reason: expect.stringContaining('missing'),
    });

    // Rehashed by an attacker who knows the rule: the chain holds but the balance does not.
    const forged = build([5000, -350, -125]);
    const bad = chainEntry({ seq: 3, hash: forged[2]?.hash as string }, entry(-100, 4600, 9));
    expect(verifyEntries([...forged, bad]).firstBad).toMatchObject({
      seq: 4,
      reason: expect.stringContaining('should be 442.5'),
    });
    const negative = build([100, -200]);
    expect(verifyEntries(negative).firstBad?.reason).toContain('negative');
  });

  it('property: any single altered quantity is caught at that entry', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 20 }),
        fc.nat(),
        (receipts, pick) => {
          const entries = build(receipts);
          const at = pick % entries.length;
          const tampered = entries.map((e, i) =>
            i === at ? { ...e, quantity: formatTenths(parseTenths(e.quantity) + 1) } : e,
          );
          return verifyEntries(tampered).firstBad?.seq === at + 1;
        },
      ),
      { numRuns: 100 },
    );
  });

  it('parses expected heads with or without the organisation', () => {
    const hash = 'a'.repeat(64);
    expect(parseExpectHead(`12:${hash}`)).toEqual({ seq: 12, hash });
    expect(parseExpectHead(`${ORG}:12:${hash}`)).toEqual({ orgId: ORG, seq: 12, hash });
    expect(parseExpectHead('12:zz')).toBeUndefined();
  });
});

describe('canonical form of an entry', () => {
  const text = fc.string({ maxLength: 12 });
  const entryArb = fc.record({
    id: fc.uuid(),
    org_id: fc.uuid(),
    seq: fc.nat().map(String),
    kind: fc.constantFrom(...(Object.keys(ENTRY_RULES) as CanonicalEntry['kind'][])),
    occurred_at: fc.constant('2026-11-27T05:00:00.123456Z'),
    product_id: fc.uuid(),
    lot_id: fc.uuid(),
    cabinet_id: fc.uuid(),
    quantity: fc.integer({ min: -5000, max: 5000 }).map((n) => (n / 10).toFixed(1)),
    balance_after: fc.nat(9000).map((n) => (n / 10).toFixed(1)),
    actor_id: fc.uuid(),
    witness_ids: fc.array(fc.uuid(), { maxLength: 2 }),
    patient_id: fc.option(fc.uuid(), { nil: null }),
    booking_id: fc.option(fc.uuid(), { nil: null }),
    session_id: fc.option(fc.uuid(), { nil: null }),
    count_id: fc.option(fc.uuid(), { nil: null }),
    related_entry_id: fc.option(fc.uuid(), { nil: null }),
    details: fc.dictionary(
      text,
      fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(text)),
    ),
  });

  it('writes exactly the text of the general canonical JSON, quotes and unicode included', () => {
    fc.assert(
      fc.property(entryArb, (entry) => {
        expect(canonicalEntryJson(entry)).toBe(canonicalJson(entry));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same text from the columns as PostgreSQL gives them as text', () => {
    fc.assert(
      fc.property(entryArb, (entry) => {
        const stored = toStoredText({ ...entry, prev_hash: GENESIS_HASH, hash: '' });
        expect(canonicalStoredEntryJson(stored)).toBe(canonicalJson(entry));
      }),
      { numRuns: 300 },
    );
  });
});
