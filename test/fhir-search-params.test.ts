import { describe, expect, it } from 'vitest';
import {
  parseDate,
  parseSearch,
  parseToken,
  referenceId,
  splitValues,
  tokenMatches,
} from '../src/server/features/fhir/search-params.ts';
import { OBSERVATION_PARAMS } from '../src/server/features/fhir/search-specs.ts';

describe('parseDate', () => {
  it.each([
    ['2026', 'eq', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['ge2026-02', 'ge', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    ['lt2024-02-29', 'lt', '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['gt2026-12-31', 'gt', '2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['le2026-01-05T09:30', 'le', '2026-01-05T09:30:00.000Z', '2026-01-05T09:31:00.000Z'],
    ['2026-01-05T09:30:15Z', 'eq', '2026-01-05T09:30:15.000Z', '2026-01-05T09:30:16.000Z'],
    ['2026-01-05T09:30:15.5Z', 'eq', '2026-01-05T09:30:15.500Z', '2026-01-05T09:30:15.600Z'],
    ['2026-01-05T09:30:15.123456Z', 'eq', '2026-01-05T09:30:15.123Z', '2026-01-05T09:30:15.124Z'],
    ['2026-01-05T10:30:00+01:00', 'eq', '2026-01-05T09:30:00.000Z', '2026-01-05T09:30:01.000Z'],
    ['2026-01-05T10:30:00 01:00', 'eq', '2026-01-05T09:30:00.000Z', '2026-01-05T09:30:01.000Z'],
    ['2026-01-05T04:30:00-05:00', 'eq', '2026-01-05T09:30:00.000Z', '2026-01-05T09:30:01.000Z'],
  ])('reads %s as %s [%s, %s)', (raw, prefix, start, end) => {
    const bound = parseDate('date', raw);
    expect(bound.prefix).toBe(prefix);
    expect(bound.start.toISOString()).toBe(start);
    expect(bound.end.toISOString()).toBe(end);
  });

  it.each([
    ['2026-02-29', /not a real date/],
    ['2026-13', /not a real date/],
    ['2026-01-05T24:00Z', /not a real date/],
    ['2026-01-05T10:60Z', /not a real date/],
    ['2026-1-5', /is not a date/],
    ['today', /is not a date/],
    ['ap2026', /prefix "ap" is not supported/],
    ['sa2026', /prefix "sa" is not supported/],
  ])('refuses %s', (raw, message) => {
    expect(() => parseDate('date', raw)).toThrow(message);
  });

  it('refuses a time where only a calendar date makes sense', () => {
    expect(() => parseDate('birthdate', '1979-05-02T10:00', { dateOnly: true })).toThrow(/has a time/);
    expect(parseDate('birthdate', '1979-05', { dateOnly: true }).start.toISOString()).toBe(
      '1979-05-01T00:00:00.000Z',
    );
  });
});

describe('tokens, references and lists', () => {
  it.each([
    ['44261-6', { system: undefined, code: '44261-6' }],
    ['http://loinc.org|44261-6', { system: 'http://loinc.org', code: '44261-6' }],
    ['|44261-6', { system: null, code: '44261-6' }],
    ['http://loinc.org|', { system: 'http://loinc.org', code: undefined }],
  ])('parses the token %s', (raw, token) => {
    expect(parseToken(raw)).toEqual(token);
  });

  it('matches tokens against a system and code', () => {
    expect(tokenMatches(parseToken('44261-6'), 'http://loinc.org', '44261-6')).toBe(true);
    expect(tokenMatches(parseToken('http://loinc.org|'), 'http://loinc.org', '44261-6')).toBe(true);
    expect(tokenMatches(parseToken('|44261-6'), 'http://loinc.org', '44261-6')).toBe(false);
    expect(tokenMatches(parseToken('http://snomed.info/sct|44261-6'), 'http://loinc.org', '44261-6')).toBe(
      false,
    );
    expect(tokenMatches(parseToken('70274-6'), 'http://loinc.org', '44261-6')).toBe(false);
  });

  it.each([
    ['abc', 'abc'],
    ['Patient/abc', 'abc'],
    ['https://clinic.example/fhir/R4/Patient/abc', 'abc'],
    ['Patient/abc/_history/2', 'abc'],
    ['Group/abc', undefined],
    ['https://clinic.example/fhir/R4/Questionnaire/abc', undefined],
  ])('reads the reference %s', (raw, id) => {
    expect(referenceId(raw, 'Patient')).toBe(id);
  });

  it('splits on commas that are not escaped', () => {
    expect(splitValues('a,b')).toEqual(['a', 'b']);
    expect(splitValues('a\\,b,c')).toEqual(['a,b', 'c']);
    expect(splitValues('a\\\\,b')).toEqual(['a\\', 'b']);
    expect(splitValues(',a,,')).toEqual(['a']);
  });
});

describe('parseSearch', () => {
  it('ANDs repeated parameters, ORs comma-separated values, and ignores empty ones', () => {
    const search = parseSearch(
      { code: ['44261-6,70274-6', '44261-6'], date: 'ge2026', patient: '', _count: '10', _offset: '20' },
      OBSERVATION_PARAMS,
    );
    expect([...search.params.entries()]).toEqual([
      ['code', [['44261-6', '70274-6'], ['44261-6']]],
      ['date', [['ge2026']]],
    ]);
    expect(search.count).toBe(10);
    expect(search.offset).toBe(20);
  });

  it('defaults to 50 per page, caps at 200, and refuses unknown parameters', () => {
    expect(parseSearch({}, OBSERVATION_PARAMS)).toMatchObject({ count: 50, offset: 0 });
    expect(parseSearch({ _count: '999' }, OBSERVATION_PARAMS).count).toBe(200);
    expect(() => parseSearch({ subject: 'x' }, OBSERVATION_PARAMS)).toThrow(/"subject" is not supported/);
    expect(() => parseSearch({ _offset: '99999999' }, OBSERVATION_PARAMS)).toThrow(/at most/);
  });
});
