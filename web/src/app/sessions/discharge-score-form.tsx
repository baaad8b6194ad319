import { type FormEvent, useState } from 'react';
import {
  type DischargeMethod,
  dischargeScoreOf,
  scoreDischarge,
} from '../../../../src/domain/monitoring/index.ts';
import { type SessionChart, sessionsApi } from '../../api/sessions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField } from '../../components/field.tsx';
import { useAction } from '../inventory/use-action.ts';

const ITEM_VALUES = ['0', '1', '2'];

/** Where the clinic discharges by a score (modified Aldrete, PADSS): each item 0–2, and the total. */
export function DischargeScoreForm({
  chart,
  canChart,
  onChart,
}: {
  chart: SessionChart;
  canChart: boolean;
  onChart: (chart: SessionChart) => void;
}) {
  const score = dischargeScoreOf(chart.discharge.method as DischargeMethod);
  const recorded = chart.discharge.score as { itemScores?: number[] } | null | undefined;
  const [values, setValues] = useState<string[]>(
    () => recorded?.itemScores?.map(String) ?? score?.items.map(() => '') ?? [],
  );
  const action = useAction();
  if (!score) return null;
  const complete = values.every((v) => v !== '');
  const result = complete ? scoreDischarge(score, values.map(Number)) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await action.run(() => sessionsApi.saveDischargeScore(chart.id, values.map(Number)));
    if (saved) onChart(saved);
  };

  return (
    <form aria-label={`${score.name} score`} onSubmit={submit} noValidate className="stack">
      <p>
        This clinic discharges by the {score.name} score: each item 0 to 2, at least {score.passAtLeast} to
        pass (clinic policy).
      </p>
      <ErrorAlert error={action.error} fieldsShown={['itemScores']} />
      <div className="grid-3">
        {score.items.map((item, index) => (
          <SelectField
            key={item}
            label={item}
            value={values[index] ?? ''}
            disabled={!canChart}
            onChange={(v) => setValues((all) => all.map((old, i) => (i === index ? v : old)))}
          >
            <option value="">Choose</option>
            {ITEM_VALUES.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </SelectField>
        ))}
      </div>
      {result ? (
        <p role="status">
          Total {result.total} of {score.items.length * 2}: {result.passed ? 'passes' : 'does not pass yet'}.
        </p>
      ) : null}
      {canChart ? (
        <div className="actions">
          <button type="submit" className="button button-secondary" disabled={!complete || action.busy}>
            Save score
          </button>
        </div>
      ) : null}
    </form>
  );
}
