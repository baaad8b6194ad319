import { describe, expect, it } from 'vitest';
import type { EvidenceId } from '../evidence.ts';
import { sameData } from '../same-data.ts';
import { reviseRuleSet, validateRuleSet } from './rule-set.ts';
import { DEFAULT_ELIGIBILITY_RULE_SET, type EligibilityRule } from './rules.ts';

const DEFAULT = DEFAULT_ELIGIBILITY_RULE_SET;

function replace(id: string, change: Partial<EligibilityRule>): EligibilityRule[] {
  return DEFAULT.rules.map((rule) => (rule.id === id ? { ...rule, ...change } : rule));
}

describe('validateRuleSet', () => {
  it('accepts the default rule set', () => {
    expect(validateRuleSet(DEFAULT)).toEqual([]);
  });

  it.each([
    ['a duplicate id', [...DEFAULT.rules, DEFAULT.rules[0] as EligibilityRule], 'the id is used twice'],
    ['a bad id', replace('pregnancy', { id: 'Pregnancy!' }), 'the id must be kebab-case'],
    ['an empty reason', replace('pregnancy', { reason: ' ' }), 'the reason is empty'],
    ['an empty title', replace('pregnancy', { title: '' }), 'the title is empty'],
    ['no route', replace('pregnancy', { routes: [] }), 'routes must be iv-ketamine and/or esketamine'],
    ['an unknown severity', replace('pregnancy', { severity: 'fatal' as never }), 'unknown severity "fatal"'],
    [
      'an unknown source',
      replace('pregnancy', { evidence: ['nice-2099' as EvidenceId] }),
      'cites an unknown source "nice-2099"',
    ],
    [
      'an unsourced rule that is not policy',
      replace('pregnancy', { clinicPolicy: false }),
      'a rule without a verified source must be a clinic policy',
    ],
    [
      'a rule resting on general knowledge that is not policy',
      replace('pregnancy', { evidence: ['devine-ibw'], clinicPolicy: undefined }),
      'a rule without a verified source must be a clinic policy',
    ],
    [
      'an implausible blood-pressure threshold',
      replace('baseline-bp-above-140-90', {
        condition: { kind: 'baseline-bp-above', systolicMmHg: 40, diastolicMmHg: 90 },
      }),
      'the condition needs whole-number thresholds: systolic 100–220 and diastolic 60–140 mmHg',
    ],
    [
      'a trial count of 0',
      replace('iv-not-treatment-resistant', {
        condition: { kind: 'treatment-resistance', minTrials: 0, expect: 'not-met' },
      }),
      'the condition needs a whole number of trials from 1 to 6',
    ],
    [
      'a condition naming nothing',
      replace('seizures', { condition: { kind: 'medical-history', facts: [] } }),
      'the condition names no facts',
    ],
  ])('refuses %s', (_, rules, message) => {
    const problems = validateRuleSet({ ...DEFAULT, rules });
    expect(problems.map((problem) => problem.message)).toContain(message);
  });
});

describe('reviseRuleSet', () => {
  it('makes the next version with a clinic’s change to a policy rule, marked as policy', () => {
    const rules = replace('other-substance-use-disorder', { severity: 'exclusion' });
    const revision = reviseRuleSet(DEFAULT, rules);
    expect(revision.ok).toBe(true);
    if (!revision.ok) return;
    expect(revision.ruleSet.id).toBe(DEFAULT.id);
    expect(revision.ruleSet.version).toBe(2);
    const changed = revision.ruleSet.rules.find((rule) => rule.id === 'other-substance-use-disorder');
    expect(changed).toMatchObject({ severity: 'exclusion', clinicPolicy: true });
    expect(DEFAULT.rules.find((rule) => rule.id === 'other-substance-use-disorder')?.severity).toBe(
      'caution',
    );
  });

  it('lets a clinic add a rule, which becomes a clinic policy', () => {
    const added: EligibilityRule = {
      id: 'clinic-glaucoma',
      title: 'Glaucoma',
      severity: 'exclusion',
      routes: ['iv-ketamine'],
      condition: { kind: 'medical-history', facts: ['raisedIntraocularPressure'] },
      reason: 'Our anaesthetist asks for an ophthalmology review first.',
      evidence: [],
    };
    const revision = reviseRuleSet(DEFAULT, [...DEFAULT.rules, added]);
    expect(revision.ok && revision.ruleSet.rules.at(-1)).toEqual({ ...added, clinicPolicy: true });
  });

  it('lets a clinic remove a policy rule', () => {
    const revision = reviseRuleSet(
      DEFAULT,
      DEFAULT.rules.filter((rule) => rule.id !== 'lamotrigine'),
    );
    expect(revision.ok).toBe(true);
  });

  it.each([
    ['esketamine-aneurysm-or-avm', { severity: 'caution' as const }],
    ['esketamine-hypersensitivity', { routes: ['iv-ketamine' as const] }],
    [
      'treatment-resistant-depression',
      { condition: { kind: 'treatment-resistance', minTrials: 1, expect: 'met' } as const },
    ],
  ])('refuses to change the sourced rule %s', (id, change) => {
    const revision = reviseRuleSet(DEFAULT, replace(id, change));
    expect(revision).toEqual({
      ok: false,
      problems: [{ ruleId: id, message: 'a rule backed by a source cannot be changed' }],
    });
  });

  it('refuses to remove a sourced rule', () => {
    const revision = reviseRuleSet(
      DEFAULT,
      DEFAULT.rules.filter((rule) => rule.id !== 'esketamine-intracerebral-haemorrhage'),
    );
    expect(revision).toEqual({
      ok: false,
      problems: [
        {
          ruleId: 'esketamine-intracerebral-haemorrhage',
          message: 'a rule backed by a source cannot be removed',
        },
      ],
    });
  });

  it('keeps unchanged rules as they were, even after a trip through JSON', () => {
    const fromJson = JSON.parse(JSON.stringify(DEFAULT.rules)) as EligibilityRule[];
    const revision = reviseRuleSet(DEFAULT, fromJson);
    expect(revision.ok).toBe(true);
    if (revision.ok) {
      expect(sameData(revision.ruleSet.rules, DEFAULT.rules)).toBe(true);
      expect(revision.ruleSet.version).toBe(2);
    }
  });
});

describe('sameData', () => {
  it.each([
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [{ a: 1 }, { a: 2 }, false],
    [[1, 2], [2, 1], false],
    [[1], { 0: 1 }, false],
    [null, {}, false],
    ['x', 'x', true],
  ])('%j and %j: %s', (a, b, expected) => {
    expect(sameData(a, b)).toBe(expected);
  });
});
