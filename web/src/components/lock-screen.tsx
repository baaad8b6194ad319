import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api, isApiError, setSessionHooks, tooManyAttemptsMessage } from '../api.ts';
import { navigate } from '../router.ts';
import { useSession } from '../session.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { TextField } from './field.tsx';
import { Modal } from './modal.tsx';

type Waiter = { resolve: () => void; reject: (reason: unknown) => void };

/**
 * Shown when the server answers 401 session-locked. Calls that hit the lock wait here and are
 * retried after unlocking; the screen underneath keeps its state.
 */
export function LockScreen() {
  const { me, setMe, signOut } = useSession();
  const [locked, setLocked] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const waiters = useRef<Waiter[]>([]);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(
    () =>
      setSessionHooks({
        onLocked: () =>
          new Promise<void>((resolve, reject) => {
            waiters.current.push({ resolve, reject });
            setLocked(true);
          }),
      }),
    [],
  );

  const settle = (outcome: 'unlocked' | 'gave-up') => {
    const pending = waiters.current;
    waiters.current = [];
    setLocked(false);
    setPassword('');
    setError(null);
    for (const w of pending) {
      if (outcome === 'unlocked') w.resolve();
      else w.reject(new ApiError({ status: 401, type: '/problems/unauthenticated', detail: 'Signed out.' }));
    }
  };

  const unlock = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.unlock(password);
      settle('unlocked');
    } catch (e) {
      if (isApiError(e) && e.status === 401 && e.is('unauthenticated')) {
        settle('gave-up');
        setMe(null);
        navigate('/app/login?expired=1', { replace: true });
      } else if (isApiError(e) && e.status === 429) {
        setError(new Error(tooManyAttemptsMessage(e)));
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const giveUp = async () => {
    settle('gave-up');
    await signOut();
  };

  return (
    <Modal open={locked} labelledBy={titleId} describedBy={descriptionId} className="lock-screen">
      <form onSubmit={unlock} noValidate>
        <h2 id={titleId}>Session locked</h2>
        <p id={descriptionId}>
          Ketaflow locked this screen after a period without activity, to keep patient information private.
          Enter your password to carry on where you left off; nothing you were typing is lost.
        </p>
        {me ? (
          <p className="muted">
            Signed in as <strong>{me.email}</strong>
          </p>
        ) : null}
        <ErrorAlert error={error} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy || password === ''}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
          <button type="button" className="button button-secondary" onClick={giveUp}>
            Sign out
          </button>
        </div>
      </form>
    </Modal>
  );
}
