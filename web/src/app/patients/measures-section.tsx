import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import {
  api,
  type InstrumentDefinition,
  type MeasureLink,
  type Patient,
  type SubmitResult,
} from '../../api.ts';
import { CrisisResources } from '../../components/crisis-resources.tsx';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { CheckboxGroup, SelectField } from '../../components/field.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { formatDateTime, formatSeverity } from '../../format.ts';
import { can } from '../../permissions.ts';
import { Link } from '../../router.ts';
import { useMe } from '../../session.tsx';
import { useOpenAlerts } from '../alerts-context.tsx';
import { QuestionnaireForm } from './questionnaire-form.tsx';

function SendLink({ patient, instruments }: { patient: Patient; instruments: InstrumentDefinition[] }) {
  const selfReport = instruments.filter((i) => i.rater === 'patient' && i.enabled);
  const [chosen, setChosen] = useState<string[]>(() =>
    selfReport.filter((i) => i.id === 'phq9').map((i) => i.id),
  );
  const [kiosk, setKiosk] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<(MeasureLink & { kiosk: boolean; names: string }) | null>(null);
  const [copied, setCopied] = useState(false);
  const linkId = useId();
  const kioskId = useId();
  const ids = selfReport.map((i) => i.id);
  const labels = Object.fromEntries(selfReport.map((i) => [i.id, i.shortName])) as Record<string, string>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setLink(null);
    setCopied(false);
    try {
      const created = await api.createMeasureLink(patient.id, { instruments: chosen, kiosk });
      setLink({ ...created, kiosk, names: chosen.map((c) => labels[c] ?? c).join(', ') });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section className="card" aria-labelledby="send-link-heading">
      <h3 id="send-link-heading">Send questionnaires</h3>
      <p className="hint">
        A single-use link the patient opens on their own phone, or on a clinic tablet in kiosk mode. No
        account is needed.
      </p>
      <form onSubmit={submit} noValidate className="stack">
        <ErrorAlert error={error} fieldsShown={['instruments']} />
        <CheckboxGroup
          legend="Questionnaires"
          options={ids}
          labels={labels}
          value={chosen}
          onChange={setChosen}
          error={fieldErrorsOf(error).instruments}
        />
        <div className="field">
          <label className="checkbox" htmlFor={kioskId}>
            <input
              id={kioskId}
              type="checkbox"
              checked={kiosk}
              onChange={(e) => setKiosk(e.target.checked)}
            />
            Kiosk mode: hand this device to the patient now
          </label>
          <p className="hint">After the patient submits, the tablet returns to a locked screen.</p>
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Creating link…' : 'Create link'}
          </button>
        </div>
      </form>
      <div role="status">
        {link ? (
          <div className="alert alert-success stack">
            <p>
              Link for <strong>{link.names}</strong> created. It works once, until{' '}
              {formatDateTime(link.expiresAt)}.{link.kiosk ? '' : ' Copy it and send it to the patient.'}
            </p>
            <div className="field">
              <label htmlFor={linkId}>Questionnaire link</label>
              <div className="input-with-button">
                <input
                  id={linkId}
                  readOnly
                  value={link.url}
                  onFocus={(e) => e.target.select()}
                  data-testid="measure-link-url"
                />
                <button type="button" className="button button-secondary" onClick={copy}>
                  {copied ? 'Copied' : 'Copy link'}
                </button>
              </div>
            </div>
            {link.kiosk ? (
              <div className="actions">
                <button type="button" className="button" onClick={() => window.location.assign(link.url)}>
                  Open the questionnaire on this device
                </button>
              </div>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}

function Result({
  result,
  instrument,
  patientId,
  onAnother,
}: {
  result: SubmitResult;
  instrument: InstrumentDefinition | undefined;
  patientId: string;
  onAnother: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const r = result.response;
  const max = instrument?.total?.max;
  return (
    <div className="stack result" ref={ref} tabIndex={-1} data-testid="response-result">
      {result.crisis ? <CrisisResources crisis={result.crisis} /> : null}
      <div className="card result-card">
        <h3>{instrument?.shortName ?? r.instrument} saved</h3>
        <p className="score-line">
          {r.total !== null ? (
            <>
              Total <strong>{r.total}</strong>
              {max !== undefined ? ` of ${max}` : ''}: {formatSeverity(r.severity)}.
            </>
          ) : (
            <>
              Risk level: <strong>{formatSeverity(r.severity)}</strong>.
            </>
          )}
        </p>
        {r.suicideRisk ? (
          <p>
            <strong>Suicide-risk answer:</strong> {r.riskReasons.join('; ')}.{' '}
            {result.alertId || !result.created
              ? 'An alert is open on the worklist until a prescriber, nurse or therapist acknowledges it.'
              : ''}{' '}
            <Link to={`/app/patients/${patientId}/alerts`}>Review this patient’s alerts</Link>
          </p>
        ) : null}
        {!result.created ? (
          <p className="muted">These answers had already been saved; nothing was stored twice.</p>
        ) : null}
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={onAnother}>
            Enter another questionnaire
          </button>
        </div>
      </div>
    </div>
  );
}

function RecordResponse({
  patient,
  instruments,
  onRecorded,
}: {
  patient: Patient;
  instruments: InstrumentDefinition[];
  onRecorded: () => void;
}) {
  const usable = instruments.filter((i) => i.enabled);
  const [instrumentId, setInstrumentId] = useState(usable[0]?.id ?? '');
  const [result, setResult] = useState<SubmitResult | null>(null);
  const [formKey, setFormKey] = useState(0);
  const { refresh } = useOpenAlerts();
  const instrument = usable.find((i) => i.id === instrumentId);

  return (
    <section className="card" aria-labelledby="record-heading">
      <h3 id="record-heading">Enter answers</h3>
      {result ? (
        <Result
          result={result}
          instrument={usable.find((i) => i.id === result.response.instrument)}
          patientId={patient.id}
          onAnother={() => {
            setResult(null);
            setFormKey((k) => k + 1);
          }}
        />
      ) : (
        <div className="stack">
          <div className="field-medium">
            <SelectField
              label="Questionnaire"
              hint="Patient questionnaires entered on their behalf, or a clinician-rated scale."
              value={instrumentId}
              onChange={setInstrumentId}
            >
              {usable.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.shortName} — {i.name}
                </option>
              ))}
            </SelectField>
          </div>
          {instrument ? (
            <QuestionnaireForm
              key={`${instrument.id}-${formKey}`}
              instrument={instrument}
              patientId={patient.id}
              onSaved={(saved) => {
                setResult(saved);
                onRecorded();
                if (saved.response.suicideRisk) void refresh();
              }}
            />
          ) : null}
        </div>
      )}
    </section>
  );
}

export function MeasuresSection({
  patient,
  focus,
  onRecorded,
}: {
  patient: Patient;
  focus: boolean;
  onRecorded: () => void;
}) {
  const me = useMe();
  const [instruments, setInstruments] = useState<InstrumentDefinition[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.listInstruments().then(
      (r) => setInstruments(r.items),
      (e) => setError(e),
    );
  }, []);

  return (
    <section aria-labelledby="measures-heading">
      <SectionHeading id="measures-heading" focus={focus}>
        Measures
      </SectionHeading>
      {!can(me, 'measures:read') ? (
        <p className="alert alert-info">
          Answers and scores are visible to prescribers, nurses and therapists only; you can send
          questionnaires.
        </p>
      ) : null}
      <ErrorAlert error={error} />
      {!instruments && !error ? <p role="status">Loading questionnaires…</p> : null}
      {instruments && can(me, 'measures:send') ? (
        <SendLink patient={patient} instruments={instruments} />
      ) : null}
      {instruments && can(me, 'measures:record') ? (
        <RecordResponse patient={patient} instruments={instruments} onRecorded={onRecorded} />
      ) : null}
    </section>
  );
}
