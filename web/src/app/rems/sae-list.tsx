import { useCallback, useEffect, useState } from 'react';
import { remsApi, type SaeFilter, type SeriousAdverseEvent, saeCsvUrl, saePdfUrl } from '../../api/rems.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextField } from '../../components/field.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { Link } from '../../router.ts';

/** Serious adverse events with their exports: CSV of the list, a MedWatch-laid-out PDF of each. */
export function SaeList() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [events, setEvents] = useState<SeriousAdverseEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const filter: SaeFilter = {};
  if (from) filter.from = from;
  if (to) filter.to = to;

  const load = useCallback(async (f: SaeFilter) => {
    try {
      setEvents((await remsApi.listSaes(f)).events);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the filter is rebuilt from from and to
  useEffect(() => {
    void load(filter);
  }, [load, from, to]);

  return (
    <section className="stack" aria-labelledby="sae-heading">
      <h2 id="sae-heading">Serious adverse events</h2>
      <p className="muted">
        Record one from the session’s monitoring form (“Record a serious adverse event”).
      </p>
      <div className="grid-3">
        <TextField label="Events from" optional type="date" value={from} onChange={setFrom} />
        <TextField label="Events to" optional type="date" value={to} onChange={setTo} />
      </div>
      <div className="actions">
        <a className="button button-secondary" href={saeCsvUrl(filter)} download>
          Export serious adverse events (CSV)
        </a>
      </div>
      <ErrorAlert error={error} />
      {events ? (
        <TableRegion labelledBy="sae-caption">
          <table>
            <caption id="sae-caption">
              {events.length} serious adverse {events.length === 1 ? 'event' : 'events'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Event date</th>
                <th scope="col">Patient</th>
                <th scope="col">Outcomes</th>
                <th scope="col">Recorded</th>
                <th scope="col">Files</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(e.eventDate)}</td>
                  <td>
                    {e.patient.name}
                    <br />
                    <span className="muted">MRN {e.patient.mrn}</span>
                  </td>
                  <td>{e.fields.find((f) => f.key === 'outcomes')?.value ?? e.outcomes.join(', ')}</td>
                  <td>
                    {formatDateTime(e.recordedAt)}
                    <br />
                    <span className="muted">by {e.recordedByName}</span>
                  </td>
                  <td>
                    <div className="actions">
                      <a
                        href={saePdfUrl(e.id)}
                        download
                        aria-label={`MedWatch PDF, ${e.patient.name}, ${formatDate(e.eventDate)}`}
                      >
                        PDF
                      </a>
                      <Link to={`/app/rems/${e.sessionId}`} aria-label={`Session form, ${e.patient.name}`}>
                        Session
                      </Link>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
    </section>
  );
}
