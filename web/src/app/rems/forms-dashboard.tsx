import { useCallback, useEffect, useState } from 'react';
import {
  REMS_STATUS_LABELS,
  type RemsDashboardItem,
  type RemsFormStatus,
  remsApi,
  remsFormPdfUrl,
} from '../../api/rems.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate } from '../../format.ts';
import { Link } from '../../router.ts';
import { MarkSubmittedDialog } from './mark-submitted-dialog.tsx';
import { dueText, STATUS_BADGE } from './status-text.ts';

/** Every dosed esketamine session's form: due 7 days after the session, overdue after that. */
export function FormsDashboard() {
  const [status, setStatus] = useState<'' | RemsFormStatus>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [forms, setForms] = useState<RemsDashboardItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [marking, setMarking] = useState<RemsDashboardItem | null>(null);
  const [saved, setSaved] = useState('');

  const load = useCallback(async () => {
    try {
      const filter: { status?: RemsFormStatus; from?: string; to?: string } = {};
      if (status) filter.status = status;
      if (from) filter.from = from;
      if (to) filter.to = to;
      setForms((await remsApi.forms(filter)).forms);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [status, from, to]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="stack" aria-labelledby="rems-forms-heading">
      <h2 id="rems-forms-heading">Monitoring forms</h2>
      <div className="grid-3">
        <SelectField label="Status" value={status} onChange={(v) => setStatus(v as '' | RemsFormStatus)}>
          <option value="">All</option>
          <option value="due">Due</option>
          <option value="overdue">Overdue</option>
          <option value="submitted">Submitted</option>
        </SelectField>
        <TextField label="Sessions from" optional type="date" value={from} onChange={setFrom} />
        <TextField label="Sessions to" optional type="date" value={to} onChange={setTo} />
      </div>
      <p className="status-line" role="status">
        {saved}
      </p>
      <ErrorAlert error={error} />
      {forms ? (
        <TableRegion labelledBy="rems-forms-caption">
          <table>
            <caption id="rems-forms-caption">
              {forms.length} {forms.length === 1 ? 'form' : 'forms'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Session</th>
                <th scope="col">Due by</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {forms.map((f) => (
                <tr key={f.sessionId}>
                  <td>
                    {f.patient.name}
                    <br />
                    <span className="muted">MRN {f.patient.mrn}</span>
                  </td>
                  <td>
                    {formatDate(f.treatmentDate)}
                    <br />
                    <span className="muted">{f.location.name}</span>
                  </td>
                  <td>{formatDate(f.dueBy)}</td>
                  <td>
                    <span className={STATUS_BADGE[f.status]}>{REMS_STATUS_LABELS[f.status]}</span>{' '}
                    {dueText(f)}
                    {f.submission?.confirmationNumber ? (
                      <>
                        <br />
                        <span className="muted">Confirmation {f.submission.confirmationNumber}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {f.noteSigned ? (
                      <div className="actions">
                        <Link
                          to={`/app/rems/${f.sessionId}`}
                          aria-label={`Open the form of ${f.patient.name}, ${formatDate(f.treatmentDate)}`}
                        >
                          Open form
                        </Link>
                        <a
                          href={remsFormPdfUrl(f.sessionId)}
                          download
                          aria-label={`PDF of the form of ${f.patient.name}, ${formatDate(f.treatmentDate)}`}
                        >
                          PDF
                        </a>
                        {f.submission ? null : (
                          <button
                            type="button"
                            className="button button-small button-secondary"
                            onClick={() => setMarking(f)}
                            aria-label={`Mark submitted: ${f.patient.name}, ${formatDate(f.treatmentDate)}`}
                          >
                            Mark submitted
                          </button>
                        )}
                      </div>
                    ) : (
                      'Sign the session note first'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {marking ? (
        <MarkSubmittedDialog
          sessionId={marking.sessionId}
          patientName={marking.patient.name}
          onCancel={() => setMarking(null)}
          onDone={() => {
            setSaved(`Marked submitted: ${marking.patient.name}, ${formatDate(marking.treatmentDate)}.`);
            setMarking(null);
            void load();
          }}
        />
      ) : null}
    </section>
  );
}
