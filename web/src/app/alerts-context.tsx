import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { api } from '../api.ts';

/** How often the badge and banner ask for the open-alert count. */
export const ALERT_POLL_MS = 30_000;

type AlertsContextValue = {
  /** Open suicide-risk alerts of the clinic; null until known or when the role cannot see them. */
  openCount: number | null;
  refresh: () => Promise<void>;
};

const AlertsContext = createContext<AlertsContextValue>({ openCount: null, refresh: async () => {} });

/**
 * Keeps the open-alert count fresh for the navigation badge and the banner on every page: on
 * opening, after anything that may change it (an answer with a risk, an acknowledgement), and every
 * 30 seconds. The summary endpoint is passive: it is not activity for the idle lock and reads no
 * patient's record, so polling it on a timer neither keeps an idle session open nor fills the audit trail.
 */
export function AlertsProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [openCount, setOpenCount] = useState<number | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);

  const refresh = useCallback(async () => {
    if (!enabled) return;
    // One request at a time; a refresh asked for meanwhile (after an acknowledgement) runs next,
    // so its answer cannot be overtaken by one that left before the change.
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        try {
          setOpenCount((await api.getAlertSummary()).open);
        } catch {
          // Offline or signed out meanwhile: the next refresh tries again.
        }
      } while (again.current);
    } finally {
      inFlight.current = false;
    }
  }, [enabled]);

  useEffect(() => {
    if (!enabled) return;
    void refresh();
    const timer = window.setInterval(() => void refresh(), ALERT_POLL_MS);
    // A tab in the background may have its timers slowed: catch up as soon as it is shown again.
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [enabled, refresh]);

  const value = useMemo(
    () => ({ openCount: enabled ? openCount : null, refresh }),
    [enabled, openCount, refresh],
  );
  return <AlertsContext.Provider value={value}>{children}</AlertsContext.Provider>;
}

export function useOpenAlerts(): AlertsContextValue {
  return useContext(AlertsContext);
}

export function alertCountText(n: number): string {
  return `${n} open suicide-risk ${n === 1 ? 'alert' : 'alerts'}`;
}
