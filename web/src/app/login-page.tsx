import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, isApiError, tooManyAttemptsMessage } from '../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../components/error-alert.tsx';
import { TextField } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { navigate, safeNext, useLocation } from '../router.ts';
import { useSession } from '../session.tsx';

type Step = 'password' | 'second-factor';
/** What other screens may hand over when they send someone here (history state). */
export type LoginState = { notice?: string; email?: string };

export function LoginPage() {
  const { search, state } = useLocation();
  const handed = (state ?? {}) as LoginState;
  const params = new URLSearchParams(search);
  const expired = params.get('expired') === '1';
  const next = safeNext(params.get('next'));
  const { setMe } = useSession();

  const [step, setStep] = useState<Step>('password');
  const [email, setEmail] = useState(handed.email ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (step === 'second-factor') codeRef.current?.focus();
  }, [step]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const totp = step === 'second-factor' ? code.replace(/\s+/g, '') : undefined;
      const me = await api.login(totp === undefined ? { email, password } : { email, password, totp });
      setMe(me);
      navigate(me.mfaEnrollmentRequired ? '/app/mfa/enrol' : (next ?? '/app/'), { replace: true });
    } catch (e) {
      if (isApiError(e) && e.status === 401 && e.is('mfa-required')) {
        if (step === 'password') setStep('second-factor');
        else setError(e);
      } else if (isApiError(e) && e.status === 429) {
        setError(new Error(tooManyAttemptsMessage(e)));
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const startOver = () => {
    setStep('password');
    setPassword('');
    setCode('');
    setError(null);
  };

  const fieldErrors = fieldErrorsOf(error);

  if (step === 'second-factor') {
    return (
      <>
        <PageHeader title="Enter your authentication code" />
        <p>
          Open the authenticator app on your phone and enter the 6-digit code it shows for Ketaflow. If you do
          not have your phone, enter one of your recovery codes instead.
        </p>
        <form onSubmit={submit} noValidate className="stack">
          <ErrorAlert error={error} fieldsShown={['totp']} />
          <TextField
            ref={codeRef}
            label="Authentication code or recovery code"
            name="totp"
            autoComplete="one-time-code"
            autoCapitalize="off"
            spellCheck={false}
            value={code}
            onChange={setCode}
            error={fieldErrors.totp}
            className="field-short"
          />
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Checking…' : 'Verify and sign in'}
            </button>
            <button type="button" className="button button-secondary" onClick={startOver}>
              Start over
            </button>
          </div>
        </form>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Sign in" />
      {expired ? (
        <p className="alert alert-info" role="status">
          Your session ended; please sign in again.
        </p>
      ) : null}
      {handed.notice ? (
        <p className="alert alert-success" role="status">
          {handed.notice}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate className="stack">
        <ErrorAlert error={error} fieldsShown={['email', 'password']} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          autoCapitalize="off"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={fieldErrors.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={fieldErrors.password}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
      <p className="muted small after-form">
        New here? Your clinic administrator sends you an invitation link to set your password.
      </p>
    </>
  );
}
