import type { InstrumentDefinition, InstrumentItem, ScoreOptions, ScoreProblem } from './types.ts';

export type CheckedAnswers = {
  /** Every item's answer, null where not answered; only meaningful when `problems` is empty. */
  readonly values: Readonly<Record<string, number | null>>;
  readonly problems: readonly ScoreProblem[];
};

export function describeOptions(item: InstrumentItem): string {
  const labelled = item.options.every((option) => option.label !== undefined);
  if (labelled && item.options.length <= 2) {
    return item.options.map((option) => `${option.value} = ${option.label?.toLowerCase()}`).join(', ');
  }
  const values = item.options.map((option) => option.value);
  return `${Math.min(...values)}–${Math.max(...values)}`;
}

function describeValue(raw: unknown): string {
  if (typeof raw === 'string') return JSON.stringify(raw);
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return `a ${Array.isArray(raw) ? 'list' : typeof raw}`;
}

function answerWord(item: InstrumentItem, value: number): string {
  const label = item.options.find((option) => option.value === value)?.label;
  return label ? label.toLowerCase() : String(value);
}

/**
 * Checks a whole answer set against a definition: every key is an item, every answer one of the
 * item's options, and every item present exactly when it must be. Any problem refuses the set;
 * nothing partial is ever scored as if complete.
 */
export function checkAnswers(definition: InstrumentDefinition, answers: unknown): CheckedAnswers {
  const name = definition.shortName;
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
    return {
      values: {},
      problems: [{ item: null, message: `${name}: answers must be an object keyed by item id` }],
    };
  }
  const given = answers as Record<string, unknown>;
  const byId = new Map(definition.items.map((item) => [item.id, item]));
  const problems: ScoreProblem[] = [];
  for (const key of Object.keys(given)) {
    if (!byId.has(key))
      problems.push({ item: key, message: `${name}: "${key}" is not an item of the ${name}` });
  }

  const values: Record<string, number | null> = {};
  const valid = new Set<string>();
  for (const item of definition.items) {
    const raw = given[item.id];
    values[item.id] = null;
    if (raw === undefined || raw === null) continue;
    const option =
      typeof raw === 'number' && Number.isInteger(raw)
        ? item.options.find((candidate) => candidate.value === raw)
        : undefined;
    if (!option) {
      problems.push({
        item: item.id,
        message: `${name} ${item.ref}: ${describeValue(raw)} is not an answer (${describeOptions(item)})`,
      });
      continue;
    }
    values[item.id] = option.value;
    valid.add(item.id);
  }

  const reportedGroups = new Set<string>();
  for (const item of definition.items) {
    const answered = given[item.id] !== undefined && given[item.id] !== null;
    const presence = item.presence;
    if (presence.kind === 'required' && !answered) {
      problems.push({ item: item.id, message: `${name} ${item.ref} is not answered (it is always asked)` });
    } else if (presence.kind === 'when') {
      const condition = byId.get(presence.item);
      const conditionValue = values[presence.item];
      // An unanswered or invalid condition is reported on its own item; judging this one would guess.
      if (!condition || !valid.has(presence.item) || conditionValue === null || conditionValue === undefined)
        continue;
      const asked = conditionValue === presence.equals;
      const conditionText = `${condition.ref} is ${answerWord(condition, conditionValue)}`;
      if (asked && !answered) {
        problems.push({ item: item.id, message: `${name} ${item.ref} is not answered (${conditionText})` });
      } else if (!asked && answered) {
        problems.push({
          item: item.id,
          message: `${name} ${item.ref} is asked only when ${condition.ref} is ${answerWord(condition, presence.equals)}; ${conditionText}, so leave it unanswered`,
        });
      }
    } else if (presence.kind === 'one-of') {
      const key = presence.group.join('|');
      if (reportedGroups.has(key)) continue;
      const members = presence.group.map((id) => byId.get(id)).filter((m) => m !== undefined);
      const answeredCount = members.filter((m) => given[m.id] !== undefined && given[m.id] !== null).length;
      const refs = members.map((m) => m.ref).join(' or ');
      if (answeredCount === 0) {
        reportedGroups.add(key);
        problems.push({ item: item.id, message: `${name}: answer ${refs}; neither is answered` });
      } else if (answeredCount > 1) {
        reportedGroups.add(key);
        problems.push({ item: item.id, message: `${name}: answer ${refs}, not both` });
      }
    }
  }
  return { values, problems };
}

/** The clinic's threshold for the instrument's suicide item, checked against the item's range. */
export function suicideThreshold(
  definition: InstrumentDefinition,
  options: ScoreOptions | undefined,
): number {
  const rule = definition.suicideRisk;
  const item = definition.items.find((candidate) => candidate.id === rule?.item);
  if (!rule || !item || rule.atLeast === undefined) {
    throw new RangeError(`${definition.shortName} has no per-item suicide-risk threshold`);
  }
  const atLeast = options?.suicideRiskAtLeast ?? rule.atLeast;
  const values = item.options.map((option) => option.value).filter((value) => value > 0);
  if (!values.includes(atLeast)) {
    throw new RangeError(
      `${definition.shortName} suicide-risk threshold must be one of ${values.join(', ')}, not ${atLeast}`,
    );
  }
  return atLeast;
}

/** Sum of the scored items; call only on a checked answer set. */
export function sumScored(definition: InstrumentDefinition, values: Readonly<Record<string, number | null>>) {
  let total = 0;
  for (const item of definition.items) if (item.scored) total += values[item.id] ?? 0;
  return total;
}
