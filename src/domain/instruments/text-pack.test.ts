import { describe, expect, it } from 'vitest';
import { madrsDefinition } from './madrs.ts';
import { qidsSr16Definition } from './qids-sr16.ts';
import { applyTextPack, type TextPack } from './text-pack.ts';

function qidsPack(overrides: Partial<TextPack> = {}): TextPack {
  return {
    instrument: 'qids-sr16',
    version: 'Clinic test text v1',
    licence: 'Held by the clinic for electronic use',
    items: Object.fromEntries(
      qidsSr16Definition.items.map((item) => [
        item.id,
        { text: `Wording of ${item.ref}`, options: { '0': 'None' } },
      ]),
    ),
    ...overrides,
  };
}

describe('applyTextPack', () => {
  it('fills the wording, keeps the scoring, and enables a disabled instrument', () => {
    const applied = applyTextPack(qidsSr16Definition, qidsPack({ timeFrame: 'In the past seven days' }));
    expect(applied.ok).toBe(true);
    if (!applied.ok) return;
    expect(applied.definition.enabled).toBe(true);
    expect(applied.definition.textPack).toEqual({
      version: 'Clinic test text v1',
      licence: 'Held by the clinic for electronic use',
    });
    expect(applied.definition.timeFrame).toBe('In the past seven days');
    expect(applied.definition.items[0]).toMatchObject({
      text: 'Wording of item 1',
      name: 'Sleep-onset insomnia',
    });
    expect(applied.definition.items[0]?.options[0]).toEqual({ value: 0, label: 'None' });
    expect(applied.definition.items[0]?.options[1]).toEqual({ value: 1 });
    expect(applied.definition.bands).toBe(qidsSr16Definition.bands);
    expect(qidsSr16Definition.enabled).toBe(false);
  });

  it('labels MADRS anchors at the values the pack gives', () => {
    const items = Object.fromEntries(
      madrsDefinition.items.map((item) => [
        item.id,
        { text: `${item.name}: rating guide`, options: { '0': 'a', '2': 'b', '4': 'c', '6': 'd' } },
      ]),
    );
    const applied = applyTextPack(madrsDefinition, {
      instrument: 'madrs',
      version: 'v',
      licence: 'l',
      items,
    });
    expect(applied.ok).toBe(true);
    if (applied.ok)
      expect(applied.definition.items[9]?.options.map((o) => o.label)).toEqual([
        'a',
        undefined,
        'b',
        undefined,
        'c',
        undefined,
        'd',
      ]);
  });

  it.each([
    ['a pack for another instrument', qidsPack({ instrument: 'madrs' }), null, /not the QIDS-SR16/],
    ['a blank version', qidsPack({ version: ' ' }), null, /give its version/],
    ['no licence', qidsPack({ licence: '' }), null, /what licence/],
    [
      'an unknown item',
      qidsPack({ items: { ...qidsPack().items, q17: { text: 'x' } } }),
      'q17',
      /"q17" is not an item/,
    ],
    [
      'a missing item',
      qidsPack({ items: { ...qidsPack().items, q5: { text: '' } } }),
      'q5',
      /item 5 has no wording/,
    ],
    [
      'an answer the item lacks',
      qidsPack({ items: { ...qidsPack().items, q2: { text: 't', options: { '4': 'x' } } } }),
      'q2',
      /has no answer 4/,
    ],
    [
      'a blank answer label',
      qidsPack({ items: { ...qidsPack().items, q2: { text: 't', options: { '1': '' } } } }),
      'q2',
      /answer 1 has no label/,
    ],
  ] as const)('refuses %s', (_, pack, item, message) => {
    const applied = applyTextPack(qidsSr16Definition, pack);
    expect(applied.ok).toBe(false);
    if (!applied.ok) {
      expect(applied.problems.map((problem) => problem.item)).toContain(item);
      expect(applied.problems.map((problem) => problem.message).join('; ')).toMatch(message);
    }
  });
});
