import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { LEAD_STATUS_LABELS, type Lead, type LeadEvent, leadsApi, STATUS_MOVES } from '../../api/leads.ts';
import { isApiError, SEX_AT_BIRTH_LABELS, SEXES_AT_BIRTH, type SexAtBirth } from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../format.ts';
import { can } from '../../permissions.ts';
import { Link } from '../../router.ts';
import { useMe } from '../../session.tsx';

function describe(event: LeadEvent): string {
  if (event.kind === 'created') return 'Request received from the public site';
  if (event.kind === 'converted') return 'Registered as a patient';
  if (event.kind === 'note') return 'Note';
  return `Status: ${event.fromStatus ? LEAD_STATUS_LABELS[event.fromStatus] : ''} → ${
    event.toStatus ? LEAD_STATUS_LABELS[event.toStatus] : ''
  }`;
}

function History({ events }: { events: LeadEvent[] }) {
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ol className="stack">
        {events.map((e) => (
          <li key={e.id}>
            <strong>{describe(e)}</strong> — {e.userName ?? 'visitor'}, {formatDateTime(e.at)}
            {e.note ? <p>{e.note}</p> : null}
            {e.patientId ? (
              <p>
                <Link to={`/app/patients/${e.patientId}`}>Open the patient record</Link>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ConvertForm({ lead, onDone }: { lead: Lead; onDone: (lead: Lead) => void }) {
  const [given, ...rest] = lead.name.split(/\s+/);
  const [form, setForm] = useState({
    legalGivenName: given ?? '',
    legalFamilyName: rest.join(' '),
    dateOfBirth: '',
    sexAtBirth: 'unknown' as SexAtBirth,
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const duplicates = isApiError(error) && error.status === 409 ? (error.duplicates ?? []) : [];

  const submit = async (event: FormEvent, confirmDuplicate = false) => {
    event.preventDefault();
    setBusy(true);
    try {
      onDone(await leadsApi.convert(lead.id, { ...form, ...(confirmDuplicate ? { confirmDuplicate } : {}) }));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = fieldErrorsOf(error);
  return (
    <section className="card" aria-labelledby="convert-heading">
      <h2 id="convert-heading">Register as a patient</h2>
      <p>Phone and email come from the request. Check the legal name and date of birth with the person.</p>
      <form onSubmit={(e) => submit(e)} noValidate className="stack">
        <ErrorAlert
          error={error}
          fieldsShown={['legalGivenName', 'legalFamilyName', 'dateOfBirth', 'confirmDuplicate']}
        />
        <TextField
          label="Legal given name"
          name="legalGivenName"
          value={form.legalGivenName}
          onChange={(v) => setForm((f) => ({ ...f, legalGivenName: v }))}
          error={errors.legalGivenName}
        />
        <TextField
          label="Legal family name"
          name="legalFamilyName"
          value={form.legalFamilyName}
          onChange={(v) => setForm((f) => ({ ...f, legalFamilyName: v }))}
          error={errors.legalFamilyName}
        />
        <TextField
          label="Date of birth"
          name="dateOfBirth"
          type="date"
          value={form.dateOfBirth}
          onChange={(v) => setForm((f) => ({ ...f, dateOfBirth: v }))}
          error={errors.dateOfBirth}
        />
        <SelectField
          label="Sex at birth"
          value={form.sexAtBirth}
          onChange={(v) => setForm((f) => ({ ...f, sexAtBirth: v as SexAtBirth }))}
        >
          {SEXES_AT_BIRTH.map((s) => (
            <option key={s} value={s}>
              {SEX_AT_BIRTH_LABELS[s]}
            </option>
          ))}
        </SelectField>
        {duplicates.length > 0 ? (
          <div className="alert alert-warning" role="alert">
            <p>A patient with the same name and date of birth exists:</p>
            <ul>
              {duplicates.map((d) => (
                <li key={d.id}>
                  <Link to={`/app/patients/${d.id}`}>{d.mrn}</Link>
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={(e) => submit(e, true)}
            >
              It is a different person: register anyway
            </button>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Register patient
          </button>
        </div>
      </form>
    </section>
  );
}

export function LeadPage({ id }: { id: string }) {
  const me = useMe();
  const [lead, setLead] = useState<Lead | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const manage = can(me, 'leads:manage');

  const load = useCallback(async () => {
    try {
      setLead(await leadsApi.get(id));
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (work: () => Promise<Lead>, done: string) => {
    setBusy(true);
    try {
      setLead(await work());
      setError(null);
      setMessage(done);
    } catch (e) {
      setError(e);
      setMessage('');
    } finally {
      setBusy(false);
    }
  };

  if (!lead) {
    return (
      <div className="stack">
        <PageHeader title="Callback request" />
        {error ? <ErrorAlert error={error} /> : <p role="status">Loading…</p>}
      </div>
    );
  }
  const noteErrors = fieldErrorsOf(error);
  return (
    <div className="stack">
      <PageHeader title={`Callback request: ${lead.name}`} documentTitle="Callback request" />
      <p>
        <Link to="/app/leads">Back to the queue</Link>
      </p>
      {lead.urgent ? (
        <div className="alert alert-error" role="alert">
          <p>
            <strong>Urgent:</strong> the self-check answers the question about thoughts of self-harm (PHQ-9
            item 9) above “not at all”. A clinician should call now.
          </p>
        </div>
      ) : null}
      <p role="status">{message}</p>
      <ErrorAlert error={error} fieldsShown={['note']} />
      <section className="card" aria-labelledby="contact-heading">
        <h2 id="contact-heading">Contact</h2>
        <dl>
          <dt>Status</dt>
          <dd>{LEAD_STATUS_LABELS[lead.status]}</dd>
          <dt>Phone</dt>
          <dd>
            <a href={`tel:${lead.phone.replace(/[^\d+]/g, '')}`}>{lead.phone}</a>
          </dd>
          <dt>Email</dt>
          <dd>{lead.email ?? '—'}</dd>
          <dt>Prefers</dt>
          <dd>
            {lead.preferredContact}, {lead.bestTime === 'any' ? 'any time' : `in the ${lead.bestTime}`}
          </dd>
          <dt>Message</dt>
          <dd>{lead.message ?? '—'}</dd>
          <dt>Consent</dt>
          <dd>
            “{lead.consentText}” ({formatDateTime(lead.consentedAt)})
          </dd>
          {lead.selfCheck ? (
            <>
              <dt>Self-check (PHQ-9)</dt>
              <dd>
                Total {lead.selfCheckTotal} ({lead.selfCheckSeverity}); answers {lead.selfCheck.join(', ')}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {manage ? (
        <section className="card" aria-labelledby="work-heading">
          <h2 id="work-heading">Work this request</h2>
          <TextAreaField
            label="Note"
            name="note"
            optional
            hint="Saved with a status change, or on its own."
            value={note}
            onChange={setNote}
            error={noteErrors.note}
          />
          <div className="actions">
            {STATUS_MOVES[lead.status].map((to) => (
              <button
                key={to}
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    const next = await leadsApi.move(lead.id, {
                      from: lead.status,
                      to,
                      note: note.trim() || null,
                    });
                    setNote('');
                    return next;
                  }, `Moved to ${LEAD_STATUS_LABELS[to]}.`)
                }
              >
                Mark {LEAD_STATUS_LABELS[to].toLowerCase()}
              </button>
            ))}
            <button
              type="button"
              className="button"
              disabled={busy || !note.trim()}
              onClick={() =>
                act(async () => {
                  const next = await leadsApi.addNote(lead.id, note.trim());
                  setNote('');
                  return next;
                }, 'Note added.')
              }
            >
              Add note
            </button>
          </div>
        </section>
      ) : null}
      {manage && !lead.patientId && can(me, 'patients:write') ? (
        <ConvertForm
          lead={lead}
          onDone={(next) => {
            setLead(next);
            setMessage('Registered as a patient.');
          }}
        />
      ) : null}
      {lead.patientId ? (
        <p>
          <Link to={`/app/patients/${lead.patientId}`}>Open the patient record</Link>
        </p>
      ) : null}
      <History events={lead.events} />
    </div>
  );
}
