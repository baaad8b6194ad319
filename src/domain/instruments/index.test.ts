import { describe, expect, it } from 'vitest';
import {
  getInstrument,
  INSTRUMENT_IDS,
  INSTRUMENTS,
  type InstrumentDefinition,
  isInstrumentId,
  scoreInstrument,
} from './index.ts';

const DEFINITIONS = Object.values(INSTRUMENTS).map((definition) => [definition.id, definition] as const);

describe('instrument registry', () => {
  it('lists the five instruments under their ids', () => {
    expect([...INSTRUMENT_IDS].sort()).toEqual(['cssrs-screener', 'gad7', 'madrs', 'phq9', 'qids-sr16']);
    for (const id of INSTRUMENT_IDS) expect(getInstrument(id).id).toBe(id);
  });

  it.each([
    ['phq9', true],
    ['cssrs-screener', true],
    ['PHQ9', false],
    ['phq-9', false],
    ['hasOwnProperty', false],
    ['', false],
  ])('isInstrumentId(%j) is %s', (id, expected) => {
    expect(isInstrumentId(id)).toBe(expected);
  });
});

describe.each(DEFINITIONS)('%s definition', (_, definition: InstrumentDefinition) => {
  const ids = definition.items.map((item) => item.id);

  it('has unique item ids, and a list order of its own items', () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(definition.listOrder).size).toBe(definition.listOrder.length);
    for (const id of definition.listOrder) expect(ids).toContain(id);
  });

  it('gives every item contiguous whole-number options from 0', () => {
    for (const item of definition.items) {
      expect(item.options.map((option) => option.value)).toEqual(item.options.map((_option, index) => index));
    }
  });

  it('refers only to its own items in presence rules', () => {
    for (const item of definition.items) {
      const presence = item.presence;
      if (presence.kind === 'when') expect(ids).toContain(presence.item);
      if (presence.kind === 'one-of') {
        for (const member of presence.group) expect(ids).toContain(member);
        expect(presence.group).toContain(item.id);
      }
    }
  });

  it('has bands that cover its total range without gaps or overlaps, in severity order', () => {
    if (definition.total === null) {
      expect(definition.bands).toEqual([]);
      return;
    }
    let next = definition.total.min;
    for (const band of definition.bands) {
      expect(band.min).toBe(next);
      expect(band.max).toBeGreaterThanOrEqual(band.min);
      next = band.max + 1;
    }
    expect(next - 1).toBe(definition.total.max);
    expect(definition.bands.map((band) => band.severity)).toEqual(definition.severities);
  });

  it('ships wording exactly when its licence allows, and otherwise waits for a text pack', () => {
    const texts = definition.items.map((item) => item.text);
    const labels = definition.items.flatMap((item) => item.options.map((option) => option.label));
    if (definition.licence.shipsText) {
      expect(texts.every((text) => typeof text === 'string' && text.length > 0)).toBe(true);
      expect(labels.every((label) => typeof label === 'string' && label.length > 0)).toBe(true);
      expect(definition.licence.copyright).toBeTruthy();
      expect(definition.requiresTextPack).toBe(false);
    } else {
      expect(texts.every((text) => text === undefined)).toBe(true);
      expect(labels.every((label) => label === undefined)).toBe(true);
      expect(definition.requiresTextPack).toBe(true);
    }
    expect(definition.licence.note.length).toBeGreaterThan(20);
  });

  it('writes LOINC codes in LOINC form', () => {
    const codes = [
      ...Object.values(definition.loinc),
      ...definition.items.flatMap((item) => [item.loinc, ...item.options.map((option) => option.loinc)]),
    ].filter((code) => code !== undefined);
    for (const { code } of codes) expect(code).toMatch(/^(LA)?\d+-\d$/);
  });

  it('names a suicide item that exists, with a threshold among its answers', () => {
    const rule = definition.suicideRisk;
    if (!rule?.item) return;
    const item = definition.items.find((candidate) => candidate.id === rule.item);
    expect(item).toBeDefined();
    expect(item?.options.map((option) => option.value)).toContain(rule.atLeast);
  });
});

describe('scoreInstrument', () => {
  const valid = {
    phq9: { q1: 1, q2: 1, q3: 1, q4: 1, q5: 1, q6: 1, q7: 1, q8: 1, q9: 0 },
    gad7: { q1: 2, q2: 2, q3: 2, q4: 2, q5: 2, q6: 2, q7: 2 },
    madrs: { q1: 3, q2: 3, q3: 3, q4: 3, q5: 3, q6: 3, q7: 3, q8: 3, q9: 3, q10: 0 },
    'cssrs-screener': { q1: 1, q2: 0, q6: 0 },
    'qids-sr16': Object.fromEntries(
      Array.from({ length: 16 }, (_, index) => [`q${index + 1}`, [6, 8].includes(index) ? null : 1]),
    ),
  };

  it.each([
    ['phq9', 8, 'mild'],
    ['gad7', 14, 'moderate'],
    ['madrs', 27, 'moderate'],
    ['cssrs-screener', null, 'low'],
  ] as const)('scores %s through the registry', (id, total, severity) => {
    const result = scoreInstrument(id, valid[id]);
    expect(result).toMatchObject({ ok: true, instrument: id, total, severity });
  });

  it('refuses QIDS-SR16 until the clinic has loaded its text pack', () => {
    const refused = scoreInstrument('qids-sr16', valid['qids-sr16']);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems[0]?.message).toMatch(/disabled until the clinic loads its text/);
    const scored = scoreInstrument('qids-sr16', valid['qids-sr16'], { textPackLoaded: true });
    expect(scored).toMatchObject({ ok: true, total: 9, severity: 'mild' });
  });

  it('passes the clinic suicide threshold to instruments with a suicide item', () => {
    const answers = { ...valid.madrs, q10: 3 };
    expect(scoreInstrument('madrs', answers)).toMatchObject({ suicideRisk: false });
    expect(scoreInstrument('madrs', answers, { suicideRiskAtLeast: 2 })).toMatchObject({ suicideRisk: true });
  });

  it.each(['gad7', 'cssrs-screener'] as const)('throws for a suicide threshold given to %s', (id) => {
    expect(() => scoreInstrument(id, valid[id], { suicideRiskAtLeast: 1 })).toThrow(RangeError);
  });
});
