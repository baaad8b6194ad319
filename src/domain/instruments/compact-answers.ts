import { describeOptions } from './check-answers.ts';
import type { InstrumentDefinition, ScoreProblem } from './types.ts';

export type CompactAnswersResult =
  | { readonly ok: true; readonly answers: Readonly<Record<string, number | null>> }
  | { readonly ok: false; readonly problems: readonly ScoreProblem[] };

const NOT_ASKED = '-';

/**
 * Reads the compact answer syntax of the CLI and quick-entry fields: one value per item of
 * `listOrder`, comma-separated, `-` for an item not asked. Only the syntax is checked here;
 * ranges and which items must be asked are the instrument's to judge (`checkAnswers`).
 */
export function parseCompactAnswers(definition: InstrumentDefinition, text: string): CompactAnswersResult {
  const name = definition.shortName;
  const order = definition.listOrder;
  const values = text.trim() === '' ? [] : text.split(',').map((value) => value.trim());
  if (values.length !== order.length) {
    const missing = values.length < order.length ? order[values.length] : undefined;
    const missingRef = definition.items.find((item) => item.id === missing)?.ref;
    return {
      ok: false,
      problems: [
        {
          item: missing ?? null,
          message: `${name} takes ${order.length} answers, one per item in order; got ${values.length}${
            missingRef ? ` (${missingRef} is missing)` : ''
          }`,
        },
      ],
    };
  }
  const answers: Record<string, number | null> = {};
  const problems: ScoreProblem[] = [];
  const itemsOf = order.map((id) => definition.items.find((item) => item.id === id));
  const hint = itemsOf.some((item) => item && item.presence.kind !== 'required')
    ? `, or ${NOT_ASKED} for not asked`
    : '';
  order.forEach((id, index) => {
    const value = values[index] ?? '';
    const item = itemsOf[index];
    if (value === NOT_ASKED) {
      answers[id] = null;
    } else if (/^(0|[1-9][0-9]*)$/.test(value)) {
      answers[id] = Number(value);
    } else if (item) {
      problems.push({
        item: id,
        message: `${name} ${item.ref}: ${JSON.stringify(value)} is not an answer (${describeOptions(item)}${hint})`,
      });
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers };
}
