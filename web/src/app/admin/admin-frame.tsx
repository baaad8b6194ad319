import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, type PagingStatus } from '../../api.ts';
import { Link, useLocation } from '../../router.ts';

type PagingContextValue = { status: PagingStatus | null; setStatus: (status: PagingStatus) => void };

const PagingContext = createContext<PagingContextValue>({ status: null, setStatus: () => {} });

export function usePagingStatus(): PagingContextValue {
  return useContext(PagingContext);
}

/**
 * Around every admin page: while suicide-risk alerts cannot reach anyone out of hours, the admin sees
 * why on every screen until it is fixed.
 */
export function AdminFrame({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const onSettings = pathname.startsWith('/app/admin/settings');
  const [status, setStatusState] = useState<PagingStatus | null>(null);
  const setStatus = useCallback((next: PagingStatus) => setStatusState(next), []);

  useEffect(() => {
    let cancelled = false;
    api.getPagingStatus().then(
      (s) => !cancelled && setStatusState(s),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const value = useMemo(() => ({ status, setStatus }), [status, setStatus]);
  return (
    <PagingContext.Provider value={value}>
      {status && !status.ready ? (
        <div className="alert alert-warning paging-warning" data-testid="paging-warning">
          <p>
            <strong>Paging is not ready.</strong> {status.reason}
            {onSettings ? null : (
              <>
                {' '}
                <Link to="/app/admin/settings">Set up paging</Link>
              </>
            )}
          </p>
        </div>
      ) : null}
      {children}
    </PagingContext.Provider>
  );
}
