import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, type MfaSetup } from '../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../components/error-alert.tsx';
import { TextField } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { navigate } from '../router.ts';
import { useSession } from '../session.tsx';

/** Groups of four are easier to type into an authenticator app by hand. */
function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

export function MfaEnrolPage() {
  const { me, refreshMe } = useSession();
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [setupError, setSetupError] = useState<unknown>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [copied, setCopied] = useState(false);
  const started = useRef(false);
  const codesHeading = useRef<HTMLHeadingElement>(null);

  const start = useCallback(async () => {
    setSetupError(null);
    try {
      setSetup(await api.mfaSetup());
    } catch (e) {
      setSetupError(e);
    }
  }, []);

  const alreadyEnrolled = me?.mfaEnrolled === true;

  useEffect(() => {
    // A new secret on every call: ask once per visit, not on every render.
    if (started.current || alreadyEnrolled) return;
    started.current = true;
    void start();
  }, [start, alreadyEnrolled]);

  useEffect(() => {
    if (recoveryCodes) codesHeading.current?.focus();
  }, [recoveryCodes]);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.mfaConfirm(code.replace(/\s+/g, ''));
      setRecoveryCodes(result.recoveryCodes);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const copyCodes = async () => {
    if (!recoveryCodes) return;
    try {
      await navigator.clipboard.writeText(recoveryCodes.join('\n'));
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const finish = async () => {
    try {
      await refreshMe();
    } finally {
      navigate('/app/');
    }
  };

  const forced = me?.mfaEnrollmentRequired ?? false;

  if (alreadyEnrolled && !recoveryCodes) {
    return (
      <>
        <PageHeader title="Set up your authenticator app" />
        <p>
          Your authenticator app is already set up. If you lose your phone, sign in with one of your recovery
          codes.
        </p>
      </>
    );
  }

  if (recoveryCodes) {
    return (
      <>
        <PageHeader title="Set up your authenticator app" />
        <section aria-labelledby="codes-heading" className="card">
          <h2 id="codes-heading" ref={codesHeading} tabIndex={-1}>
            Save your recovery codes
          </h2>
          <p className="alert alert-success" role="status">
            Your authenticator app is set up.
          </p>
          <p>
            If you lose your phone, each of these codes lets you sign in once instead of an authenticator
            code. Keep them somewhere safe, such as a password manager.{' '}
            <strong>They are shown only this once.</strong>
          </p>
          <ol className="recovery-codes">
            {recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ol>
          <div className="actions">
            <button type="button" className="button button-secondary" onClick={copyCodes}>
              Copy codes
            </button>
            <button type="button" className="button" onClick={finish}>
              I have saved these codes
            </button>
          </div>
          <p role="status" className="small muted">
            {copied ? 'Codes copied to the clipboard.' : ''}
          </p>
        </section>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Set up your authenticator app" />
      {forced ? (
        <p className="alert alert-info">
          Your role needs a second sign-in step. Set up an authenticator app to continue; it takes about a
          minute.
        </p>
      ) : (
        <p>
          An authenticator app on your phone adds a second step when you sign in. Setting it up again replaces
          any app you set up before once you confirm the new code.
        </p>
      )}
      {setupError ? (
        <div className="stack">
          <ErrorAlert error={setupError} />
          <div className="actions">
            <button type="button" className="button" onClick={start}>
              Try again
            </button>
          </div>
        </div>
      ) : null}
      {!setup && !setupError ? <p role="status">Preparing your set-up code…</p> : null}
      {setup ? (
        <ol className="steps">
          <li>
            <h2>Open an authenticator app</h2>
            <p>
              Any app that supports time-based codes works, for example the one built into your phone&rsquo;s
              password manager.
            </p>
          </li>
          <li>
            <h2>Scan this QR code</h2>
            <img
              className="qr"
              src={setup.qrCodeDataUrl}
              alt="QR code that adds Ketaflow to your authenticator app"
              width={200}
              height={200}
            />
            <p>
              Can&rsquo;t scan it? Enter this key in the app instead (time-based, 6 digits):
              <br />
              <code className="secret" data-testid="mfa-secret">
                {groupSecret(setup.secret)}
              </code>
            </p>
            <p className="small">
              On this phone? <a href={setup.otpauthUri}>Open the key in your authenticator app</a>.
            </p>
          </li>
          <li>
            <h2>Enter the code the app shows</h2>
            <form onSubmit={confirm} noValidate className="stack">
              <ErrorAlert error={error} fieldsShown={['code']} />
              <TextField
                label="6-digit code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={8}
                value={code}
                onChange={setCode}
                error={fieldErrorsOf(error).code}
                className="field-short"
              />
              <div className="actions">
                <button type="submit" className="button" disabled={busy}>
                  {busy ? 'Checking…' : 'Confirm'}
                </button>
              </div>
            </form>
          </li>
        </ol>
      ) : null}
    </>
  );
}
