import { type FormEvent, useEffect, useState } from 'react';
import { api, type Invitation, isApiError, tooManyAttemptsMessage } from '../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../components/error-alert.tsx';
import { TextField } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { navigate } from '../router.ts';
import type { LoginState } from './login-page.tsx';

export function InvitePage({ token }: { token: string }) {
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [show, setShow] = useState(false);
  const [checks, setChecks] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api.getInvitation(token).then(
      (inv) => !cancelled && setInvitation(inv),
      (e) => !cancelled && setLoadError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  if (loadError) {
    const gone = isApiError(loadError) && [404, 410].includes(loadError.status);
    return (
      <>
        <PageHeader title="Invitation not valid" />
        {gone ? (
          <p>
            This invitation link has expired, has already been used, or was copied incompletely. Ask your
            clinic administrator for a new one.
          </p>
        ) : (
          <ErrorAlert error={loadError} />
        )}
      </>
    );
  }

  if (!invitation) {
    return (
      <>
        <PageHeader title="Set your password" />
        <p role="status">Loading your invitation…</p>
      </>
    );
  }

  const min = invitation.passwordMinLength;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if ([...password].length < min) found.password = `Use at least ${min} characters.`;
    else if (password !== repeat) found.repeat = 'The two passwords are different.';
    setChecks(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.acceptInvitation(token, password);
      const state: LoginState = {
        notice: 'Your password is set. Sign in to continue.',
        email: invitation.email,
      };
      navigate('/app/login', { replace: true, state });
    } catch (e) {
      setError(isApiError(e) && e.status === 429 ? new Error(tooManyAttemptsMessage(e)) : e);
    } finally {
      setBusy(false);
    }
  };

  const errors = { ...fieldErrorsOf(error), ...checks };

  return (
    <>
      <PageHeader title="Set your password" />
      <p>
        Welcome, {invitation.name}. Choose a password to finish setting up your Ketaflow account for{' '}
        <strong>{invitation.email}</strong>.
      </p>
      <form onSubmit={submit} noValidate className="stack">
        <ErrorAlert error={error} fieldsShown={['password']} />
        {Object.keys(checks).length > 0 ? (
          <p className="alert alert-error" role="alert">
            Check the password fields below.
          </p>
        ) : null}
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          value={invitation.email}
          onChange={() => {}}
          readOnly
        />
        <TextField
          label="New password"
          name="password"
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          hint={
            <>
              At least {min} characters. There are no rules about capitals, numbers or symbols: a phrase of a
              few unrelated words is easy to remember and hard to guess. Very common passwords are refused.
            </>
          }
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
        <TextField
          label="Repeat the new password"
          name="repeat"
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          value={repeat}
          onChange={setRepeat}
          error={errors.repeat}
        />
        <label className="checkbox">
          <input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} />
          Show passwords
        </label>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Saving…' : 'Set password'}
          </button>
        </div>
      </form>
    </>
  );
}
