import { describe, expect, it } from 'vitest';
import { EVIDENCE, EVIDENCE_IDS, isEvidenceId, restsOnlyOnUnverifiedSources } from './evidence.ts';

// Every id of the clinical reference's evidence table (grouped DEA ids spelt out).
const REFERENCE_IDS = [
  'spravato-pi',
  'spravato-rems',
  'apa-consensus-2017',
  'andrade-2017',
  'yale-bp-2024',
  'parikh-2021',
  'askp3-2020',
  'kroenke-2001-phq9',
  'spitzer-2006-gad7',
  'cssrs-screener',
  'montgomery-1979-madrs',
  'rush-2003-qids',
  'chernik-1990-moaas',
  'bremner-1998-cadss',
  'daly-2018',
  'aspire-2023',
  'mbc-phq9-remission',
  'han-2016-meta',
  'trd-definition',
  'devine-ibw',
  'dea-1304-03',
  'dea-1304-04',
  'dea-1304-11',
  'dea-1304-22',
  'dea-1301-75',
  'dea-1301-76',
  'dea-form-41',
  'medwatch-3500',
  'dea-form-106',
  'onc-170-315-d',
  'cfr-part-11',
  'nsduh-2020',
  'nsduh-2021',
  'lifeline-988',
  'samhsa-helpline',
];

describe('evidence registry', () => {
  it('holds exactly the ids of the clinical reference', () => {
    expect([...EVIDENCE_IDS].sort()).toEqual([...REFERENCE_IDS].sort());
  });

  it.each(EVIDENCE_IDS)('%s has a kebab-case id matching its key and a citation', (id) => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(EVIDENCE[id].id).toBe(id);
    expect(EVIDENCE[id].citation.length).toBeGreaterThan(10);
  });

  it('tags as general knowledge exactly the sources the reference marks [GK]', () => {
    const tagged = EVIDENCE_IDS.filter((id) => EVIDENCE[id].tags.includes('GK')).sort();
    expect(tagged).toEqual(['dea-form-106', 'devine-ibw', 'mbc-phq9-remission', 'medwatch-3500']);
  });

  it.each([
    ['kroenke-2001-phq9', true],
    ['daly-2018', true],
    ['toString', false],
    ['constructor', false],
    ['', false],
    ['KROENKE-2001-PHQ9', false],
  ])('isEvidenceId(%j) is %s', (id, expected) => {
    expect(isEvidenceId(id)).toBe(expected);
  });

  it('says when a rule rests only on unverified sources', () => {
    expect(restsOnlyOnUnverifiedSources(['mbc-phq9-remission'])).toBe(true);
    expect(restsOnlyOnUnverifiedSources(['mbc-phq9-remission', 'kroenke-2001-phq9'])).toBe(false);
    expect(restsOnlyOnUnverifiedSources(['daly-2018'])).toBe(false);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(EVIDENCE)).toBe(true);
  });
});
