import { type ReactNode, useEffect, useState } from 'react';
import { api, isApiError } from './api.ts';
import { AuditPage } from './app/audit-page.tsx';
import { HomePage } from './app/home-page.tsx';
import { InvitePage } from './app/invite-page.tsx';
import { LocationsPage } from './app/locations-page.tsx';
import { LoginPage } from './app/login-page.tsx';
import { MfaEnrolPage } from './app/mfa-enrol-page.tsx';
import { ForbiddenPage, NotFoundPage } from './app/not-found-page.tsx';
import { Shell } from './app/shell.tsx';
import { UsersPage } from './app/users-page.tsx';
import { ErrorAlert } from './components/error-alert.tsx';
import { LockScreen } from './components/lock-screen.tsx';
import { PublicLayout } from './components/public-layout.tsx';
import { matchPath, navigate, type RouteLocation, useLocation } from './router.ts';
import { SessionProvider, useSession } from './session.tsx';

const ENROL_PATH = '/app/mfa/enrol';
const ADMIN_PAGES: Record<string, () => ReactNode> = {
  '/app/admin/users': () => <UsersPage />,
  '/app/admin/locations': () => <LocationsPage />,
  '/app/admin/audit': () => <AuditPage />,
};

function SignedInPage({ pathname }: { pathname: string }) {
  const { me } = useSession();
  if (!me) return null;
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/app') return <HomePage key={path} />;
  if (path === ENROL_PATH) return <MfaEnrolPage key={path} />;
  const admin = ADMIN_PAGES[path];
  if (admin) return me.roles.includes('admin') ? admin() : <ForbiddenPage />;
  return <NotFoundPage />;
}

/** Everything behind sign-in. The lock screen sits beside the page, so the page keeps its state. */
function SignedIn({ location }: { location: RouteLocation }) {
  const { me, setMe } = useSession();
  const [loadError, setLoadError] = useState<unknown>(null);
  const returnTo = location.pathname + location.search;

  useEffect(() => {
    if (me) return;
    let cancelled = false;
    api.getMe('probe').then(
      (fresh) => !cancelled && setMe(fresh),
      (e) => {
        if (cancelled) return;
        if (isApiError(e) && e.status === 401) {
          const next =
            returnTo.startsWith('/app/') && returnTo !== '/app/'
              ? `?next=${encodeURIComponent(returnTo)}`
              : '';
          navigate(`/app/login${next}`, { replace: true });
        } else {
          setLoadError(e);
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [me, setMe, returnTo]);

  const mustEnrol = me?.mfaEnrollmentRequired === true && location.pathname !== ENROL_PATH;
  useEffect(() => {
    if (mustEnrol) navigate(ENROL_PATH, { replace: true });
  }, [mustEnrol]);

  let content: ReactNode;
  if (loadError) {
    content = (
      <PublicLayout>
        <h1>Ketaflow could not start</h1>
        <ErrorAlert error={loadError} />
        <p>
          <a href={returnTo}>Reload the page</a>
        </p>
      </PublicLayout>
    );
  } else if (!me || mustEnrol) {
    content = (
      <PublicLayout>
        <p role="status">Loading…</p>
      </PublicLayout>
    );
  } else {
    content = (
      <Shell>
        <SignedInPage pathname={location.pathname} />
      </Shell>
    );
  }
  return (
    <>
      {content}
      <LockScreen />
    </>
  );
}

function Routes() {
  const location = useLocation();
  if (matchPath('/app/login', location.pathname)) {
    return (
      <PublicLayout>
        <LoginPage key={location.search} />
      </PublicLayout>
    );
  }
  const invite = matchPath('/app/invite/:token', location.pathname);
  if (invite?.token) {
    return (
      <PublicLayout>
        <InvitePage token={invite.token} />
      </PublicLayout>
    );
  }
  return <SignedIn location={location} />;
}

export function App() {
  return (
    <SessionProvider>
      <Routes />
    </SessionProvider>
  );
}
