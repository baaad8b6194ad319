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

const POLL_MS = 30_000;

type AlertsContextValue = {
  /** Open suicide-risk alerts of the clinic; null until known or when the role cannot see them. */
  openCount: number | null;
  refresh: () => Promise<void>;
};

const AlertsContext = createContext<AlertsContextValue>({ openCount: null, refresh: async () => {} });

/**
 * Keeps the open-alert count fresh for the navigation badge and the banner on every page: on
 * opening, after anything that may change it, and at most every 30 seconds while the page is used.
 * Every API call counts as activity on the server, so a refresh on a timer would keep an idle
 * session from ever locking: the refresh rides on the person's own clicks and key presses instead,
 * at the moment they happen, and an untouched screen waits until it is used again.
 */
export function AlertsProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [openCount, setOpenCount] = useState<number | null>(null);
  const lastPoll = useRef(0);
  const inFlight = useRef(false);

  const refresh = useCallback(async () => {
    if (!enabled || inFlight.current) return;
    inFlight.current = true;
    lastPoll.current = Date.now();
    try {
      setOpenCount((await api.listAlerts({ status: 'open' })).items.length);
    } catch {
      // Offline or signed out meanwhile: the next refresh tries again.
    } finally {
      inFlight.current = false;
    }
  }, [enabled]);

  useEffect(() => {
    if (!enabled) return;
    void refresh();
    const onUse = () => {
      if (Date.now() - lastPoll.current >= POLL_MS) void refresh();
    };
    const events = ['pointerdown', 'keydown'] as const;
    for (const e of events) document.addEventListener(e, onUse, { capture: true, passive: true });
    return () => {
      for (const e of events) document.removeEventListener(e, onUse, { capture: true });
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
