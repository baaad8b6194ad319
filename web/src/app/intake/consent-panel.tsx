import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { type ConsentForm, type ConsentSignature, intakeApi } from '../../api/intake.ts';
import type { Patient } from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { SignatureFields } from './signature.tsx';

function SignConsent({
  form,
  patient,
  intakeId,
  onSigned,
}: {
  form: ConsentForm;
  patient: Patient;
  intakeId: string | null;
  onSigned: () => void;
}) {
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await intakeApi.signConsent(patient.id, {
        formId: form.id,
        password,
        ...(intakeId ? { intakeId } : {}),
      });
      setPassword('');
      setOpen(false);
      onSigned();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Sign “{form.title}”
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={`Sign ${form.title}`}>
      <ErrorAlert error={error} fieldsShown={['password']} />
      <SignatureFields
        printedName={me.name}
        meaning={form.meaning}
        password={password}
        onPassword={setPassword}
        error={fieldErrorsOf(error).password}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Signing…' : 'Sign consent form'}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Consent forms with their text, and every signed consent with its printed name, time and meaning. */
export function ConsentPanel({
  patient,
  intakeId,
  canSign,
}: {
  patient: Patient;
  intakeId: string | null;
  canSign: boolean;
}) {
  const [forms, setForms] = useState<ConsentForm[] | null>(null);
  const [signed, setSigned] = useState<ConsentSignature[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const loadSigned = useCallback(async () => {
    try {
      setSigned((await intakeApi.consents(patient.id)).items);
    } catch (e) {
      setError(e);
    }
  }, [patient.id]);

  useEffect(() => {
    intakeApi.consentForms().then(
      (r) => setForms(r.items),
      (e) => setError(e),
    );
    void loadSigned();
  }, [loadSigned]);

  return (
    <section className="card" aria-labelledby="consent-heading">
      <h3 id="consent-heading">Consent</h3>
      <ErrorAlert error={error} />
      <div role="status">{notice ? <p className="alert alert-success">{notice}</p> : null}</div>
      <h4>Signed consents</h4>
      {signed === null ? <p className="muted">Loading…</p> : null}
      {signed && signed.length === 0 ? <p className="muted">No consent signed yet.</p> : null}
      {signed && signed.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="signed-consents">
            <caption className="visually-hidden">Signed consents</caption>
            <thead>
              <tr>
                <th scope="col">Form</th>
                <th scope="col">Printed name</th>
                <th scope="col">Signed</th>
                <th scope="col">Meaning</th>
                <th scope="col">Signed by</th>
              </tr>
            </thead>
            <tbody>
              {signed.map((c) => (
                <tr key={c.id}>
                  <td>
                    {c.formTitle ?? c.formId} (version {c.formVersion})
                    <br />
                    <span className="small muted" title="SHA-256 of the exact text signed">
                      Text {c.formSha256.slice(0, 12)}…
                    </span>
                  </td>
                  <td>{c.printedName}</td>
                  <td className="nowrap">{formatDateTime(c.signedAt, true)}</td>
                  <td>{c.meaning}</td>
                  <td>
                    {c.signer.kind === 'patient-link'
                      ? 'The patient, through their intake link'
                      : 'Clinician'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {forms?.map((form) => (
        <article key={form.id} className="consent-form" aria-labelledby={`consent-${form.id}`}>
          <h4 id={`consent-${form.id}`}>
            {form.title} <span className="muted small">(version {form.version})</span>
          </h4>
          {form.text.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
          <p>
            <strong>Meaning of the signature:</strong> {form.meaning}
          </p>
          {form.signer === 'patient' ? (
            <p className="hint">The patient signs this form themselves, on their intake link.</p>
          ) : canSign ? (
            <SignConsent
              form={form}
              patient={patient}
              intakeId={intakeId}
              onSigned={() => {
                setNotice(`“${form.title}” signed.`);
                void loadSigned();
              }}
            />
          ) : (
            <p className="hint">A prescriber or nurse signs this form.</p>
          )}
        </article>
      ))}
    </section>
  );
}
