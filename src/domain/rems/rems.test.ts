import { describe, expect, it } from 'vitest';
import { isEvidenceId, restsOnlyOnUnverifiedSources } from '../evidence.ts';
import { ageOn, BUILT_IN_MEDWATCH_FIELDS, initials, MEDWATCH_FORM } from './medwatch.ts';
import {
  BP_AFTER_DOSE,
  BP_INCREASE,
  DEFAULT_REMS_ADVERSE_EFFECTS,
  doseOnForm,
  PREFILL_FROM_PREVIOUS,
  REMS_FORM_DUE_DAYS,
  RESPIRATORY_DEPRESSION,
  remsFormDueBy,
  remsFormStatus,
  SEDATION_DISSOCIATION,
  sexOnForm,
  usDate,
} from './monitoring-form.ts';

describe('the REMS form’s due date and status', () => {
  it.each([
    ['2026-11-27', '2026-12-04'],
    ['2026-12-28', '2027-01-04'],
    ['2028-02-25', '2028-03-03'],
  ])('a session on %s is due by %s (7 days, spravato-rems)', (day, due) => {
    expect(remsFormDueBy(day)).toBe(due);
  });

  it.each([
    ['2026-12-04', '2026-12-03', false, 'due'],
    ['2026-12-04', '2026-12-04', false, 'due'],
    ['2026-12-04', '2026-12-05', false, 'overdue'],
    ['2026-12-04', '2026-12-09', true, 'submitted'],
  ] as const)('due by %s, today %s, submitted %s: %s', (due, today, submitted, status) => {
    expect(remsFormStatus(due, today, submitted)).toBe(status);
  });
});

describe('what the form prints', () => {
  it.each([
    [56, '56 mg'],
    [84, '84 mg'],
    [28, 'Other: 28 mg'],
  ])('dose %i mg as %s', (mg, text) => expect(doseOnForm(mg)).toBe(text));

  it('writes dates MM/DD/YYYY and sex as M, F or Other', () => {
    expect(usDate('1980-01-31')).toBe('01/31/1980');
    expect([sexOnForm('male'), sexOnForm('female'), sexOnForm('intersex')]).toEqual(['M', 'F', 'Other']);
  });

  it('counts whole years of age and uses initials, not names, for MedWatch', () => {
    expect(ageOn('1980-06-15', '2026-06-14')).toBe(45);
    expect(ageOn('1980-06-15', '2026-06-15')).toBe(46);
    expect(initials(' alex', 'rivera ')).toBe('AR');
  });
});

describe('their sources', () => {
  const rules = {
    REMS_FORM_DUE_DAYS,
    PREFILL_FROM_PREVIOUS,
    DEFAULT_REMS_ADVERSE_EFFECTS,
    BP_INCREASE,
    SEDATION_DISSOCIATION,
    RESPIRATORY_DEPRESSION,
    BP_AFTER_DOSE,
    MEDWATCH_FORM,
  };
  it.each(Object.entries(rules))('%s cites registered ids, or is a clinic policy', (_, rule) => {
    for (const id of rule.evidence) expect(isEvidenceId(id), id).toBe(true);
    if (rule.evidence.length === 0 || restsOnlyOnUnverifiedSources(rule.evidence)) {
      expect(rule.clinicPolicy).toBe(true);
    }
  });

  it('keeps the MedWatch field keys unique', () => {
    const keys = BUILT_IN_MEDWATCH_FIELDS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
