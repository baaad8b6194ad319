import { type FormEvent, useState } from 'react';
import {
  api,
  type Patient,
  type Trajectory,
  type TrajectoryPoint,
  type TrajectorySeries,
} from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { RadioGroup, TextField } from '../../components/field.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate, formatDateTime, formatSeverity, todayIso } from '../../format.ts';
import { can } from '../../permissions.ts';
import { Link } from '../../router.ts';
import { useMe } from '../../session.tsx';
import { TrajectoryChart } from './trajectory-chart.tsx';

const SOURCE_LABELS: Record<string, string> = {
  'patient-link': 'Patient (link)',
  kiosk: 'Patient (kiosk)',
  'staff-for-patient': 'Patient, entered by staff',
  'clinician-rated': 'Clinician-rated',
};

function formatChange(percent: number | null): string {
  if (percent === null) return '—';
  const rounded = Math.round(percent);
  if (rounded === 0) return '0 %';
  return `${rounded < 0 ? '−' : '+'}${Math.abs(rounded)} %`;
}

function answerText(instrument: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (instrument === 'cssrs-screener') return value === 1 ? 'Yes' : 'No';
  return String(value);
}

type Compare = 'previous' | 'baseline';

/** Which items moved between the selected response and the one before it (or the baseline). */
function ItemChanges({ series, point }: { series: TrajectorySeries; point: TrajectoryPoint }) {
  const [compare, setCompare] = useState<Compare>('previous');
  const ordered = [...series.points].sort((a, b) => a.completedAt.localeCompare(b.completedAt));
  const index = ordered.findIndex((p) => p.responseId === point.responseId);
  const previous = index > 0 ? ordered[index - 1] : undefined;
  const baseline = series.baseline
    ? ordered.find((p) => p.responseId === series.baseline?.responseId)
    : undefined;
  const other = compare === 'previous' ? previous : baseline;
  const headingId = `items-${series.instrument}`;

  const rows = series.items.map((item) => {
    const now = point.itemScores[item.id] ?? null;
    const then = other ? (other.itemScores[item.id] ?? null) : null;
    const delta = now !== null && then !== null ? now - then : null;
    return { item, now, then, delta, moved: other !== undefined && (delta ?? 0) !== 0 };
  });
  const moved = rows.filter((r) => r.moved);

  return (
    <section className="drilldown" aria-labelledby={headingId}>
      <h4 id={headingId}>
        Items of the {series.name} on {formatDateTime(point.completedAt)}
      </h4>
      <RadioGroup
        legend="Compare with"
        name={`compare-${series.instrument}`}
        options={['previous', 'baseline'] as const}
        labels={{
          previous: previous
            ? `Previous response (${formatDateTime(previous.completedAt)})`
            : 'Previous response (none)',
          baseline: baseline ? `Baseline (${formatDateTime(baseline.completedAt)})` : 'Baseline (none)',
        }}
        value={compare}
        onChange={setCompare}
      />
      {other === undefined ? (
        <p>
          {compare === 'previous'
            ? 'This is the first response: there is nothing earlier to compare with.'
            : 'There is no baseline to compare with.'}
        </p>
      ) : other.responseId === point.responseId ? (
        <p>This response is the baseline.</p>
      ) : (
        <>
          <p data-testid="moved-summary">
            {moved.length === 0
              ? 'No item changed.'
              : `${moved.length} of ${rows.length} items moved: ${moved
                  .map((r) => `${r.item.name} (${(r.delta ?? 0) > 0 ? '+' : '−'}${Math.abs(r.delta ?? 0)})`)
                  .join(', ')}.`}
          </p>
          <TableRegion labelledBy={`${headingId}-caption`}>
            <table className="table-dense">
              <caption id={`${headingId}-caption`}>Item scores, this response against the {compare}</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" className="num">
                    Then
                  </th>
                  <th scope="col" className="num">
                    Now
                  </th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.item.id} className={r.moved ? 'row-moved' : undefined}>
                    <th scope="row">{r.item.name}</th>
                    <td className="num">{answerText(series.instrument, r.then)}</td>
                    <td className="num">{answerText(series.instrument, r.now)}</td>
                    <td>
                      {r.delta === null ? (
                        <span className="muted">—</span>
                      ) : r.delta > 0 ? (
                        <span className="change-worse">
                          <span aria-hidden="true">▲ </span>+{r.delta} (worse)
                        </span>
                      ) : r.delta < 0 ? (
                        <span className="change-better">
                          <span aria-hidden="true">▼ </span>−{Math.abs(r.delta)} (better)
                        </span>
                      ) : (
                        <span className="muted">no change</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </section>
  );
}

function SeriesView({ series, trajectory }: { series: TrajectorySeries; trajectory: Trajectory }) {
  const ordered = [...series.points].sort((a, b) => a.completedAt.localeCompare(b.completedAt));
  const [selectedId, setSelectedId] = useState<string | null>(
    ordered.length > 1 ? (ordered[ordered.length - 1]?.responseId ?? null) : null,
  );
  const selected = ordered.find((p) => p.responseId === selectedId);
  const hasTotal = series.maxTotal !== null;
  const captionId = `scores-${series.instrument}`;

  return (
    <section className="card series" aria-labelledby={`series-${series.instrument}`}>
      <h3 id={`series-${series.instrument}`}>{series.name}</h3>
      {series.status ? (
        <p>
          <strong>Status:</strong> {series.status}
        </p>
      ) : null}
      {hasTotal ? (
        <TrajectoryChart series={series} treatmentDates={trajectory.treatmentDates} selectedId={selectedId} />
      ) : (
        <p className="muted">The {series.name} gives a risk level rather than a total, so it has no chart.</p>
      )}
      <TableRegion labelledBy={captionId}>
        <table className="table-dense">
          <caption id={captionId}>
            {hasTotal ? `${series.name} scores (table view of the chart)` : `${series.name} results`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Completed</th>
              {hasTotal ? (
                <th scope="col" className="num">
                  Total
                </th>
              ) : null}
              <th scope="col">{hasTotal ? 'Severity' : 'Risk level'}</th>
              {hasTotal ? <th scope="col">Change from baseline</th> : null}
              {hasTotal ? <th scope="col">Outcome</th> : null}
              <th scope="col">Suicide risk</th>
              <th scope="col">Source</th>
              <th scope="col">
                <span className="visually-hidden">Items</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((p) => {
              const isBaseline = p.responseId === series.baseline?.responseId;
              return (
                <tr key={p.responseId} className={p.responseId === selectedId ? 'row-selected' : undefined}>
                  <th scope="row" className="nowrap">
                    {formatDateTime(p.completedAt)}
                  </th>
                  {hasTotal ? (
                    <td className="num nowrap">
                      {p.total ?? '—'}
                      <span className="muted"> / {series.maxTotal}</span>
                    </td>
                  ) : null}
                  <td>{formatSeverity(p.severity)}</td>
                  {hasTotal ? <td>{isBaseline ? 'Baseline' : formatChange(p.percentChange)}</td> : null}
                  {hasTotal ? <td>{p.remission ? 'Remission' : p.response ? 'Response' : '—'}</td> : null}
                  <td>{p.suicideRisk ? <span className="badge badge-high">Yes</span> : 'No'}</td>
                  <td>{SOURCE_LABELS[p.source] ?? p.source}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-pressed={p.responseId === selectedId}
                      onClick={() => setSelectedId(p.responseId === selectedId ? null : p.responseId)}
                    >
                      Items<span className="visually-hidden"> of {formatDateTime(p.completedAt)}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
      {series.remissionLine ? (
        <p className="hint">
          Remission: {series.remissionLine.rule}
          {series.remissionLine.clinicPolicy ? ' (a clinic-policy default, not a published threshold)' : ''}.
          Response: 50 % or more below the baseline, the last score on or before the first treatment.
        </p>
      ) : null}
      {selected ? <ItemChanges key={selected.responseId} series={series} point={selected} /> : null}
    </section>
  );
}

function TreatmentDates({
  patient,
  trajectory,
  onAdded,
}: {
  patient: Patient;
  trajectory: Trajectory;
  onAdded: () => Promise<void>;
}) {
  const me = useMe();
  const [date, setDate] = useState(todayIso());
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setMessage('');
    try {
      await api.addTreatmentEvent(patient.id, { occurredOn: date, description: description.trim() });
      setDescription('');
      await onAdded();
      setMessage(`Treatment on ${formatDate(date)} added.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = fieldErrorsOf(error);

  return (
    <section className="card" aria-labelledby="treatments-heading">
      <h3 id="treatments-heading">Treatment dates</h3>
      <p className="hint">
        Shown as markers on the time axis; the baseline is the last score on or before the first.
      </p>
      {trajectory.treatmentDates.length === 0 ? (
        <p>No treatment dates yet.</p>
      ) : (
        <ul className="treatment-list">
          {trajectory.treatmentDates.map((d) => (
            <li key={`${d.date}-${d.description}`}>
              <strong>{formatDate(d.date)}</strong>: {d.description}
            </li>
          ))}
        </ul>
      )}
      {can(me, 'measures:record') ? (
        <form onSubmit={submit} noValidate className="stack">
          <p role="status" className="status-line">
            {message}
          </p>
          <ErrorAlert error={error} fieldsShown={['occurredOn', 'description']} />
          <div className="grid-3">
            <TextField label="Date" type="date" value={date} onChange={setDate} error={errors.occurredOn} />
            <TextField
              label="Treatment"
              hint="For example “IV ketamine 0.5 mg/kg”."
              value={description}
              onChange={setDescription}
              maxLength={200}
              error={errors.description}
              className="span-2"
            />
          </div>
          <div className="actions">
            <button type="submit" className="button button-secondary" disabled={busy}>
              {busy ? 'Adding…' : 'Add treatment date'}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

export function TrajectorySection({
  patient,
  trajectory,
  error,
  focus,
  onChanged,
}: {
  patient: Patient;
  trajectory: Trajectory | null;
  error: unknown;
  focus: boolean;
  onChanged: () => Promise<void>;
}) {
  return (
    <section aria-labelledby="trajectory-heading">
      <SectionHeading id="trajectory-heading" focus={focus}>
        Trajectory
      </SectionHeading>
      <ErrorAlert error={error} />
      {!trajectory && !error ? <p role="status">Loading scores…</p> : null}
      {trajectory && trajectory.series.length === 0 ? (
        <p className="card empty-state">
          No questionnaire answers yet.{' '}
          <Link to={`/app/patients/${patient.id}/measures`}>Enter answers or send a link</Link>.
        </p>
      ) : null}
      {trajectory?.series.map((series) => (
        <SeriesView key={series.instrument} series={series} trajectory={trajectory} />
      ))}
      {trajectory ? <TreatmentDates patient={patient} trajectory={trajectory} onAdded={onChanged} /> : null}
    </section>
  );
}
