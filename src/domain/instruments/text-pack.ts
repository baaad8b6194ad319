import type { InstrumentDefinition, InstrumentId, InstrumentItem, ScoreProblem } from './types.ts';

/**
 * The licensed wording a clinic holds for an instrument (stored per organisation). It is shown in
 * place of the item names, and enables an instrument that ships disabled (QIDS-SR16).
 */
export type TextPack = {
  readonly instrument: InstrumentId;
  /** The clinic's name for the text it loaded, e.g. "English, 2003 paper form". */
  readonly version: string;
  /** What permits the clinic to use it. */
  readonly licence: string;
  readonly stem?: string;
  readonly timeFrame?: string;
  /** Item id -> wording, and optionally answer value (as a string key) -> label. */
  readonly items: Readonly<
    Record<string, { readonly text: string; readonly options?: Readonly<Record<string, string>> }>
  >;
};

export type TextPackResult<S extends string> =
  | { readonly ok: true; readonly definition: InstrumentDefinition<S> }
  | { readonly ok: false; readonly problems: readonly ScoreProblem[] };

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

/** Checks a text pack against its instrument and returns the definition with the pack's wording. */
export function applyTextPack<S extends string>(
  definition: InstrumentDefinition<S>,
  pack: TextPack,
): TextPackResult<S> {
  const name = definition.shortName;
  const problems: ScoreProblem[] = [];
  if (pack.instrument !== definition.id) {
    problems.push({ item: null, message: `text pack is for "${pack.instrument}", not the ${name}` });
  }
  if (blank(pack.version)) problems.push({ item: null, message: `${name} text pack: give its version` });
  if (blank(pack.licence)) {
    problems.push({ item: null, message: `${name} text pack: say what licence permits its use` });
  }
  const known = new Set(definition.items.map((item) => item.id));
  for (const id of Object.keys(pack.items)) {
    if (!known.has(id)) problems.push({ item: id, message: `${name} text pack: "${id}" is not an item` });
  }
  const items: InstrumentItem[] = definition.items.map((item) => {
    const entry = Object.hasOwn(pack.items, item.id) ? pack.items[item.id] : undefined;
    if (!entry || blank(entry.text)) {
      problems.push({ item: item.id, message: `${name} text pack: ${item.ref} has no wording` });
      return item;
    }
    const labels = entry.options ?? {};
    for (const [key, label] of Object.entries(labels)) {
      if (!item.options.some((option) => String(option.value) === key)) {
        problems.push({ item: item.id, message: `${name} text pack: ${item.ref} has no answer ${key}` });
      } else if (blank(label)) {
        problems.push({
          item: item.id,
          message: `${name} text pack: ${item.ref} answer ${key} has no label`,
        });
      }
    }
    return {
      ...item,
      text: entry.text,
      options: item.options.map((option) => {
        const label = Object.hasOwn(labels, String(option.value)) ? labels[String(option.value)] : undefined;
        return label === undefined ? option : { ...option, label };
      }),
    };
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    definition: {
      ...definition,
      ...(pack.stem ? { stem: pack.stem } : {}),
      ...(pack.timeFrame ? { timeFrame: pack.timeFrame } : {}),
      items,
      enabled: true,
      textPack: { version: pack.version, licence: pack.licence },
    },
  };
}
