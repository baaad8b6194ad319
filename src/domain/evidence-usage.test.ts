import { describe, expect, it } from 'vitest';
import { DOSING_RULES, WEIGHT_BASIS_RULES } from './dosing/index.ts';
import { DEFAULT_ELIGIBILITY_RULE_SET } from './eligibility/index.ts';
import { isEvidenceId, restsOnlyOnUnverifiedSources } from './evidence.ts';
import { INSTRUMENTS } from './instruments/index.ts';
import {
  buildOutcomePolicy,
  DEFAULT_OUTCOME_POLICY,
  MADRS_REMISSION_ASPIRE_2023,
  MADRS_REMISSION_DALY_2018,
} from './outcomes/index.ts';
import { DEFAULT_PROTOCOLS } from './protocols/index.ts';

type Rule = { path: string; evidence: unknown[]; clinicPolicy?: unknown };

/** Every object carrying `evidence` anywhere under `value`: the clinical rules. */
function rulesIn(value: unknown, path: string, out: Rule[] = []): Rule[] {
  if (Array.isArray(value)) {
    value.forEach((entry, index) => {
      rulesIn(entry, `${path}[${index}]`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.evidence)) {
      out.push({ path, evidence: record.evidence, clinicPolicy: record.clinicPolicy });
    }
    for (const [key, entry] of Object.entries(record)) {
      if (key !== 'evidence') rulesIn(entry, `${path}.${key}`, out);
    }
  }
  return out;
}

const RULES = [
  ...Object.values(INSTRUMENTS).flatMap((definition) => rulesIn(definition, definition.id)),
  ...rulesIn(DEFAULT_OUTCOME_POLICY, 'outcomes'),
  ...rulesIn(
    buildOutcomePolicy({ madrsRemission: 'aspire-2023', phq9RemissionBelow: 6 }),
    'outcomes(custom)',
  ),
  ...rulesIn(MADRS_REMISSION_DALY_2018, 'madrs-remission'),
  ...rulesIn(MADRS_REMISSION_ASPIRE_2023, 'madrs-remission-aspire'),
  ...rulesIn(DEFAULT_ELIGIBILITY_RULE_SET, 'eligibility'),
  ...rulesIn(DEFAULT_PROTOCOLS, 'protocols'),
  ...rulesIn(DOSING_RULES, 'dosing'),
  ...rulesIn(WEIGHT_BASIS_RULES, 'weight-basis'),
];

describe('evidence used by instrument and outcome rules', () => {
  it('finds the rules it checks', () => {
    expect(RULES.length).toBeGreaterThan(30);
  });

  it.each(RULES.map((rule) => [rule.path, rule] as const))('%s cites only registered ids', (_, rule) => {
    for (const id of rule.evidence) expect(isEvidenceId(String(id)), String(id)).toBe(true);
  });

  it.each(RULES.map((rule) => [rule.path, rule] as const))(
    '%s cites a source or is a clinic-policy default',
    (_, rule) => {
      expect(rule.evidence.length > 0 || rule.clinicPolicy === true).toBe(true);
    },
  );

  it.each(RULES.map((rule) => [rule.path, rule] as const))(
    '%s is a clinic-policy default when it rests only on unverified sources',
    (_, rule) => {
      const ids = rule.evidence.map(String).filter(isEvidenceId);
      if (restsOnlyOnUnverifiedSources(ids)) expect(rule.clinicPolicy).toBe(true);
    },
  );
});
