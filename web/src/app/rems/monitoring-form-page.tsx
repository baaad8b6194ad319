import { useCallback, useEffect, useState } from 'react';
import { type RemsForm, remsApi, remsFormPdfUrl, SOURCE_LABELS } from '../../api/rems.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { can } from '../../permissions.ts';
import { Link } from '../../router.ts';
import { useSession } from '../../session.tsx';
import { FormAnswers } from './form-answers.tsx';
import { MarkSubmittedDialog } from './mark-submitted-dialog.tsx';
import { SaeForm } from './sae-form.tsx';
import { STATUS_BADGE } from './status-text.ts';

function patientNameOf(form: RemsForm): string {
  const fields = form.sections.find((s) => s.id === 'patient')?.fields ?? [];
  const value = (key: string) => fields.find((f) => f.key === key)?.value ?? '';
  return `${value('patient.firstName')} ${value('patient.lastName')}`.trim();
}

/** One session's monitoring form: every value with where it came from, staff answers, submission. */
export function MonitoringFormPage({ sessionId }: { sessionId: string }) {
  const { me } = useSession();
  const [form, setForm] = useState<RemsForm | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [marking, setMarking] = useState(false);
  const [recordingSae, setRecordingSae] = useState(false);
  const [status, setStatus] = useState('');

  const load = useCallback(async () => {
    try {
      setForm(await remsApi.form(sessionId));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [sessionId]);

  useEffect(() => {
    void load();
  }, [load]);

  const name = form ? patientNameOf(form) : '';
  return (
    <div className="stack">
      <PageHeader
        title={
          form ? `REMS monitoring form: ${name}, ${formatDate(form.treatmentDate)}` : 'REMS monitoring form'
        }
        documentTitle="REMS monitoring form"
      />
      <p>
        <Link to="/app/rems">All REMS forms</Link>
      </p>
      <ErrorAlert error={error} />
      <p className="status-line" role="status">
        {status}
      </p>
      {form ? (
        <>
          <div className="alert alert-info">
            <p>{form.notice}</p>
            <p>
              <span className={STATUS_BADGE[form.status]}>
                {form.status === 'submitted' ? 'Submitted' : form.status === 'overdue' ? 'Overdue' : 'Due'}
              </span>{' '}
              Due by {formatDate(form.dueBy)}.
              {form.submission
                ? ` Marked submitted by ${form.submission.submittedByName} at ${formatDateTime(form.submission.submittedAt)}${form.submission.confirmationNumber ? `, confirmation ${form.submission.confirmationNumber}` : ''}.`
                : null}
            </p>
            {form.missing.length ? (
              <p>
                {form.missing.length} required {form.missing.length === 1 ? 'answer is' : 'answers are'} still
                missing.
              </p>
            ) : null}
          </div>
          <div className="actions">
            <a className="button button-secondary" href={remsFormPdfUrl(sessionId)} download>
              Download PDF
            </a>
            {form.submission ? null : (
              <button type="button" className="button" onClick={() => setMarking(true)}>
                Mark submitted
              </button>
            )}
            {me && can(me, 'safety:report') ? (
              <button type="button" className="button button-secondary" onClick={() => setRecordingSae(true)}>
                Record a serious adverse event
              </button>
            ) : null}
          </div>
          {recordingSae ? (
            <SaeForm
              sessionId={sessionId}
              onCancel={() => setRecordingSae(false)}
              onDone={() => {
                setRecordingSae(false);
                setStatus('Serious adverse event recorded.');
                void load();
              }}
            />
          ) : null}
          {form.sections.map((section) => (
            <TableRegion key={section.id} labelledBy={`rems-${section.id}`}>
              <table>
                <caption id={`rems-${section.id}`}>
                  {section.title}
                  {section.clinicPolicy ? ' (clinic policy)' : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Answer</th>
                    <th scope="col">Source</th>
                  </tr>
                </thead>
                <tbody>
                  {section.fields.map((f) => (
                    <tr key={f.key}>
                      <th scope="row">
                        {f.label}
                        {f.required ? <span className="muted"> (required)</span> : null}
                      </th>
                      <td>
                        {f.value ?? <strong>{f.required ? 'Missing' : '—'}</strong>}
                        {f.detail ? (
                          <>
                            <br />
                            <span className="muted">{f.detail}</span>
                          </>
                        ) : null}
                      </td>
                      <td>{SOURCE_LABELS[f.source]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {section.note ? <p className="muted">{section.note}</p> : null}
            </TableRegion>
          ))}
          {form.submission ? null : (
            <FormAnswers
              form={form}
              onSaved={(next) => {
                setForm(next);
                setStatus('Answers saved.');
              }}
            />
          )}
        </>
      ) : null}
      {marking && form ? (
        <MarkSubmittedDialog
          sessionId={sessionId}
          patientName={name}
          onCancel={() => setMarking(false)}
          onDone={(next) => {
            setForm(next);
            setMarking(false);
            setStatus('Marked submitted.');
          }}
        />
      ) : null}
    </div>
  );
}
