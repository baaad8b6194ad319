import { type ReactNode, useEffect, useState } from 'react';
import { api, isApiError } from './api.ts';
import { AdminFrame } from './app/admin/admin-frame.tsx';
import { ClinicSettingsPage } from './app/admin/clinic-settings-page.tsx';
import { EligibilityRulesPage } from './app/admin/eligibility-rules-page.tsx';
import { OutboxPage } from './app/admin/outbox-page.tsx';
import { SessionPoliciesPage } from './app/admin/session-policies-page.tsx';
import { SiteAdminPage } from './app/admin/site-admin-page.tsx';
import { TextPacksPage } from './app/admin/text-packs-page.tsx';
import { AlertsPage } from './app/alerts/alerts-page.tsx';
import { AuditPage } from './app/audit-page.tsx';
import { BoardPage } from './app/board/board-page.tsx';
import { DirectoryPage } from './app/directory/directory-page.tsx';
import { HomePage } from './app/home-page.tsx';
import { INVENTORY_SECTIONS, InventoryPage, type InventorySection } from './app/inventory/inventory-page.tsx';
import { InvitePage } from './app/invite-page.tsx';
import { LeadPage } from './app/leads/lead-page.tsx';
import { LeadsPage } from './app/leads/leads-page.tsx';
import { LocationsPage } from './app/locations-page.tsx';
import { LoginPage } from './app/login-page.tsx';
import { MfaEnrolPage } from './app/mfa-enrol-page.tsx';
import { ForbiddenPage, NotFoundPage } from './app/not-found-page.tsx';
import { PATIENT_SECTIONS, PatientPage, type PatientSection } from './app/patients/patient-page.tsx';
import { PatientsPage } from './app/patients/patients-page.tsx';
import { RegisterPatientPage } from './app/patients/register-patient-page.tsx';
import { ProtocolsPage } from './app/protocols/protocols-page.tsx';
import { RemsPage } from './app/rems/rems-page.tsx';
import { ReportListsPage } from './app/rems/report-lists-page.tsx';
import { CalendarPage } from './app/schedule/calendar-page.tsx';
import { ChairsPage } from './app/schedule/chairs-page.tsx';
import { CheckInPage } from './app/sessions/check-in-page.tsx';
import { SessionPage } from './app/sessions/session-page.tsx';
import { Shell } from './app/shell.tsx';
import { UsersPage } from './app/users-page.tsx';
import { ErrorAlert } from './components/error-alert.tsx';
import { LockScreen } from './components/lock-screen.tsx';
import { PublicLayout } from './components/public-layout.tsx';
import { can, type Permission } from './permissions.ts';
import { matchPath, navigate, type RouteLocation, useLocation } from './router.ts';
import { SessionProvider, useSession } from './session.tsx';

const ENROL_PATH = '/app/mfa/enrol';
const ADMIN_PAGES: Record<string, { permission: Permission; page: () => ReactNode }> = {
  '/app/admin/users': { permission: 'users:read', page: () => <UsersPage /> },
  '/app/admin/locations': { permission: 'locations:manage', page: () => <LocationsPage /> },
  '/app/admin/audit': { permission: 'audit:read', page: () => <AuditPage /> },
  '/app/admin/settings': { permission: 'settings:manage', page: () => <ClinicSettingsPage /> },
  '/app/admin/outbox': { permission: 'settings:manage', page: () => <OutboxPage /> },
  '/app/admin/text-packs': { permission: 'settings:manage', page: () => <TextPacksPage /> },
  '/app/admin/session-policies': { permission: 'settings:manage', page: () => <SessionPoliciesPage /> },
  '/app/admin/site': { permission: 'site:manage', page: () => <SiteAdminPage /> },
  '/app/admin/protocols': { permission: 'protocols:read', page: () => <ProtocolsPage /> },
  '/app/admin/eligibility-rules': { permission: 'protocols:read', page: () => <EligibilityRulesPage /> },
  '/app/admin/chairs': { permission: 'schedule:manage', page: () => <ChairsPage /> },
  '/app/admin/directory': { permission: 'site:manage', page: () => <DirectoryPage /> },
  '/app/admin/report-lists': { permission: 'settings:manage', page: () => <ReportListsPage /> },
};

const STAFF_ONLY = 'This page is for clinic staff.';

function SignedInPage({ location }: { location: RouteLocation }) {
  const { me } = useSession();
  if (!me) return null;
  const path = location.pathname.replace(/\/+$/, '') || '/';
  if (path === '/app') return <HomePage key={path} />;
  if (path === ENROL_PATH) return <MfaEnrolPage key={path} />;
  const admin = ADMIN_PAGES[path];
  if (admin) {
    return can(me, admin.permission) ? <AdminFrame key={path}>{admin.page()}</AdminFrame> : <ForbiddenPage />;
  }
  if (path === '/app/schedule') {
    return can(me, 'schedule:read') ? (
      <CalendarPage search={location.search} />
    ) : (
      <ForbiddenPage reason={STAFF_ONLY} />
    );
  }
  if (path === '/app/board') {
    return can(me, 'sessions:read') ? (
      <BoardPage key={path} search={location.search} />
    ) : (
      <ForbiddenPage reason={STAFF_ONLY} />
    );
  }
  if (path === '/app/leads' || path.startsWith('/app/leads/')) {
    if (!can(me, 'leads:read')) return <ForbiddenPage reason={STAFF_ONLY} />;
    const lead = matchPath('/app/leads/:id', path);
    return lead?.id ? <LeadPage key={lead.id} id={lead.id} /> : <LeadsPage key="leads" />;
  }
  const checkIn = matchPath('/app/bookings/:id/check-in', path);
  if (checkIn?.id) {
    return can(me, 'sessions:chart') ? (
      <CheckInPage key={checkIn.id} bookingId={checkIn.id} />
    ) : (
      <ForbiddenPage />
    );
  }
  const chart = matchPath('/app/sessions/:id', path);
  if (chart?.id) {
    return can(me, 'sessions:read') ? <SessionPage key={chart.id} id={chart.id} /> : <ForbiddenPage />;
  }
  if (path === '/app/rems' || path.startsWith('/app/rems/')) {
    if (!can(me, 'rems:forms') && !can(me, 'safety:report')) return <ForbiddenPage reason={STAFF_ONLY} />;
    const form = matchPath('/app/rems/:sessionId', path);
    return <RemsPage key={form?.sessionId ?? 'rems'} sessionId={form?.sessionId} />;
  }
  if (path === '/app/alerts') {
    return can(me, 'alerts:read') ? <AlertsPage key={path} /> : <ForbiddenPage reason={STAFF_ONLY} />;
  }
  if (path === '/app/inventory' || path.startsWith('/app/inventory/')) {
    if (!can(me, 'inventory:read')) return <ForbiddenPage reason={STAFF_ONLY} />;
    const section = (matchPath('/app/inventory/:section', path)?.section ?? 'stock') as InventorySection;
    if (INVENTORY_SECTIONS.includes(section)) return <InventoryPage key="inventory" section={section} />;
  }
  if (path === '/app/patients' || path.startsWith('/app/patients/')) {
    if (!can(me, 'patients:read')) return <ForbiddenPage reason={STAFF_ONLY} />;
    if (path === '/app/patients') return <PatientsPage key="patients" search={location.search} />;
    if (path === '/app/patients/new') return <RegisterPatientPage key={path} />;
    const match =
      matchPath('/app/patients/:id/:section', path) ?? matchPath('/app/patients/:id', path) ?? null;
    const section = (match?.section ?? 'overview') as PatientSection;
    if (match?.id && PATIENT_SECTIONS.includes(section)) {
      return <PatientPage key={match.id} id={match.id} section={section} />;
    }
  }
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
        <SignedInPage location={location} />
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
