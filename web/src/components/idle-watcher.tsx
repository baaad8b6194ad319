import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { api, type SessionInfo, setSessionHooks, waitForUnlock } from '../api.ts';
import { Modal } from './modal.tsx';

const WARNING_LEAD_SECONDS = 60;
// The server records activity at most once every 10 s (src/server/http/auth.ts, TOUCH_EVERY_MS), so a
// call within 10 s of the last recorded one does not move the idle deadline.
const SERVER_TOUCH_EVERY_MS = 10_000;
// Asking a moment after the deadline: asking before it would itself count as activity.
const CHECK_GRACE_MS = 1000;

/**
 * Mirrors the server's idle time-out from the calls this page makes. Shortly before the session
 * would lock it offers to extend it; when the deadline passes it asks the server, and a locked
 * session brings up the lock screen. Checking never counts as activity: by then the server has
 * locked the session, and a locked session is not touched.
 */
export function IdleWatcher() {
  const timeoutMs = useRef<number | null>(null);
  /** When the server last recorded activity, on this browser's clock. */
  const lastSeen = useRef(Date.now());
  const skew = useRef(0);
  const checking = useRef(false);
  const [now, setNow] = useState(() => Date.now());
  const [dismissedFor, setDismissedFor] = useState<number | null>(null);
  const [locked, setLocked] = useState(false);
  const [extendError, setExtendError] = useState<string | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  const apply = useCallback((info: SessionInfo) => {
    timeoutMs.current = info.idleTimeoutSeconds * 1000;
    const serverExpiry = Date.parse(info.idleExpiresAt);
    if (!Number.isNaN(serverExpiry)) lastSeen.current = serverExpiry - skew.current - timeoutMs.current;
    setNow(Date.now());
  }, []);

  const check = useCallback(async () => {
    if (checking.current) return;
    checking.current = true;
    try {
      let info = await api.getSession();
      if (info.locked) {
        setLocked(true);
        try {
          await waitForUnlock();
        } finally {
          setLocked(false);
        }
        info = await api.getSession();
      }
      apply(info);
    } catch {
      // Signed out meanwhile (the client has gone to the sign-in page) or offline: look again later.
      lastSeen.current = Date.now();
    } finally {
      checking.current = false;
    }
  }, [apply]);

  useEffect(() => {
    const restore = setSessionHooks({
      onActivity: (serverSkewMs, renewed) => {
        skew.current = serverSkewMs;
        const t = Date.now();
        if (renewed || t - lastSeen.current > SERVER_TOUCH_EVERY_MS) lastSeen.current = t;
      },
    });
    void check();
    const timer = window.setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (timeoutMs.current !== null && t >= lastSeen.current + timeoutMs.current + CHECK_GRACE_MS)
        void check();
    }, 1000);
    return () => {
      restore();
      window.clearInterval(timer);
    };
  }, [check]);

  const timeout = timeoutMs.current;
  const expiresAt = timeout === null ? Number.POSITIVE_INFINITY : lastSeen.current + timeout;
  const remainingMs = expiresAt - now;
  const leadMs = timeout === null ? 0 : Math.min(WARNING_LEAD_SECONDS * 1000, Math.floor(timeout / 2));
  const warn = !locked && remainingMs > 0 && remainingMs <= leadMs && dismissedFor !== expiresAt;
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));

  const stay = async () => {
    setExtendError(null);
    try {
      apply(await api.extendSession());
    } catch {
      setExtendError('Could not extend the session. Try again.');
    }
  };

  return (
    <Modal
      open={warn}
      labelledBy={titleId}
      describedBy={descriptionId}
      onDismiss={() => setDismissedFor(expiresAt)}
    >
      <h2 id={titleId}>Are you still there?</h2>
      <p id={descriptionId}>
        Your session will lock in {seconds} {seconds === 1 ? 'second' : 'seconds'}.
      </p>
      {extendError ? (
        <p className="alert alert-error" role="alert">
          {extendError}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="button" onClick={stay}>
          Stay signed in
        </button>
      </div>
    </Modal>
  );
}
