import { type FormEvent, useId, useState } from 'react';
import { type IntakeLink, intakeApi } from '../../api/intake.ts';
import type { Patient } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format.ts';

/** A single-use link for the patient to fill in their history on their own device. */
export function SendIntakeLink({ patient, onCreated }: { patient: Patient; onCreated: () => void }) {
  const [link, setLink] = useState<IntakeLink | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const linkId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      setLink(await intakeApi.createLink(patient.id));
      onCreated();
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
    <section className="card" aria-labelledby="send-intake-heading">
      <h3 id="send-intake-heading">Send intake link</h3>
      <p className="hint">
        The patient fills in their health history on their own phone or computer, without an account. The link
        works once, for 72 hours.
      </p>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Creating link…' : 'Create intake link'}
          </button>
        </div>
      </form>
      <div role="status">
        {link ? (
          <div className="alert alert-success stack">
            <p>
              Intake link created. It works once, until {formatDateTime(link.expiresAt)}. Copy it and send it
              to the patient.
            </p>
            <div className="field">
              <label htmlFor={linkId}>Intake link</label>
              <div className="input-with-button">
                <input
                  id={linkId}
                  readOnly
                  value={link.url}
                  onFocus={(e) => e.target.select()}
                  data-testid="intake-link-url"
                />
                <button type="button" className="button button-secondary" onClick={copy}>
                  {copied ? 'Copied' : 'Copy link'}
                </button>
              </div>
            </div>
          </div>
        ) : null}
      </div>
    </section>
  );
}
