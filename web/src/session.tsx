import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, type Me, setSessionHooks } from './api.ts';
import { navigate } from './router.ts';

type SessionContextValue = {
  /** undefined: not known yet; null: signed out. */
  me: Me | null | undefined;
  setMe: (me: Me | null) => void;
  refreshMe: () => Promise<Me>;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<SessionContextValue | null>(null);

const PUBLIC_PATHS = /^\/app\/(login|invite\/)/;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refreshMe = useCallback(async () => {
    const fresh = await api.getMe();
    setMe(fresh);
    return fresh;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // Signing out must always leave the user on the sign-in page, even if the call failed.
    }
    setMe(null);
    navigate('/app/login', { replace: true });
  }, []);

  useEffect(
    () =>
      setSessionHooks({
        onUnauthenticated: () => {
          if (PUBLIC_PATHS.test(window.location.pathname)) return;
          setMe(null);
          navigate('/app/login?expired=1', { replace: true });
        },
        onEnrollmentRequired: () => {
          setMe((m) => (m ? { ...m, mfaEnrollmentRequired: true } : m));
          if (window.location.pathname !== '/app/mfa/enrol') navigate('/app/mfa/enrol', { replace: true });
        },
      }),
    [],
  );

  const value = useMemo(() => ({ me, setMe, refreshMe, signOut }), [me, refreshMe, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** For screens that only render once signed in. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe before sign-in');
  return me;
}
