import {
  disabledMessage,
  INSTRUMENTS,
  type InstrumentId,
  type InstrumentScore,
  isInstrumentId,
  parseCompactAnswers,
  scoreInstrument,
} from '../domain/instruments/index.ts';
import { type Command, printJson, UsageError } from './cli-kit.ts';

/** What `score` offers; QIDS-SR16 is known but needs a clinic text pack, which lives in the database. */
const OFFERED: readonly InstrumentId[] = ['phq9', 'gad7', 'madrs', 'cssrs-screener'];

function answerHelp(id: InstrumentId): string {
  const definition = INSTRUMENTS[id];
  const refs = definition.listOrder.map((itemId) => definition.items.find((item) => item.id === itemId)?.ref);
  const count = refs.length;
  const items = refs.every((ref) => ref?.startsWith('item ')) ? `items 1–${count}` : refs.join(', ');
  return `  ${id.padEnd(15)} ${count} answers: ${items}`;
}

const USAGE = [
  'ketaflow score <instrument> --answers <comma-separated> [--json]',
  '',
  'Scores one answer set; needs no database. Instruments and the answers they take, in order:',
  ...OFFERED.map(answerHelp),
  '',
  'PHQ-9 and GAD-7 answers are 0–3, MADRS ratings 0–6. C-SSRS Screener: 1 = yes, 0 = no, - = not asked',
  '(Q3–Q5 are asked only when Q2 is yes, the 3-month follow-up only when Q6 is yes).',
  'With --json: one line {"instrument","total","severity","suicideRisk"}. Bad input exits 2.',
].join('\n');

function describe(result: InstrumentScore): string[] {
  const definition = INSTRUMENTS[result.instrument];
  const basis = result.severityBasis;
  const policy = basis.clinicPolicy ? ' [clinic-policy default]' : '';
  const lines = [
    result.total === null
      ? `${definition.shortName} risk: ${result.severity} (${basis.text})`
      : `${definition.shortName}: ${basis.text}${policy}`,
  ];
  if (!definition.suicideRisk) {
    lines.push(`Suicide risk: not asked by the ${definition.shortName}`);
  } else if (result.suicideRisk) {
    lines.push(`Suicide-risk answer: ${result.suicideRiskReasons.join('; ')}`);
  } else {
    lines.push('Suicide-risk answer: none');
  }
  if (result.instrument === 'cssrs-screener' && result.immediateEvaluation) {
    lines.push('High risk: immediate evaluation and safety precautions.');
  }
  lines.push(`Sources: ${basis.evidence.join(', ')}`);
  return lines;
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'Score an instrument from its answers: score phq9 --answers 1,2,… (no database)',
  usage: USAGE,
  options: { answers: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, positionals) {
    const [name, ...extra] = positionals;
    const choices = `${OFFERED.slice(0, -1).join(', ')} or ${OFFERED.at(-1)}`;
    if (!name) throw new UsageError(`say which instrument to score: ${choices}`);
    if (extra.length > 0) throw new UsageError(`score takes one instrument, not "${positionals.join(' ')}"`);
    if (!isInstrumentId(name)) throw new UsageError(`unknown instrument "${name}"; use ${choices}`);
    const definition = INSTRUMENTS[name];
    if (!definition.enabled) throw new UsageError(disabledMessage(definition));
    if (typeof values.answers !== 'string') {
      throw new UsageError(
        `give the answers: --answers with ${definition.listOrder.length} comma-separated values`,
      );
    }
    const parsed = parseCompactAnswers(definition, values.answers);
    if (!parsed.ok) throw new UsageError(parsed.problems.map((problem) => problem.message).join('; '));
    const result = scoreInstrument(name, parsed.answers);
    if (!result.ok) throw new UsageError(result.problems.map((problem) => problem.message).join('; '));
    if (values.json) {
      printJson({
        instrument: result.instrument,
        total: result.total,
        severity: result.severity,
        suicideRisk: result.suicideRisk,
      });
    } else {
      console.log(describe(result).join('\n'));
    }
    return 0;
  },
};
