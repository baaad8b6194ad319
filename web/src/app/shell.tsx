import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { type Me, ROLE_LABELS } from '../api.ts';
import { CrisisLine } from '../components/crisis-line.tsx';
import { IdleWatcher } from '../components/idle-watcher.tsx';
import { SkipLink } from '../components/skip-link.tsx';
import { can, type Permission } from '../permissions.ts';
import { Link, useLocation } from '../router.ts';
import { useSession } from '../session.tsx';
import { AlertsProvider, alertCountText, useOpenAlerts } from './alerts-context.tsx';
import { unsentCount } from './sessions/entry-queue.ts';

type NavItem = { to: string; label: string; permission?: Permission };

const NAV: NavItem[] = [
  { to: '/app/', label: 'Home' },
  { to: '/app/patients', label: 'Patients', permission: 'patients:read' },
  { to: '/app/alerts', label: 'Alerts', permission: 'alerts:read' },
  { to: '/app/inventory', label: 'Controlled substances', permission: 'inventory:read' },
  { to: '/app/schedule', label: 'Schedule', permission: 'schedule:read' },
  { to: '/app/board', label: 'Clinic board', permission: 'sessions:read' },
  { to: '/app/rems', label: 'REMS forms', permission: 'rems:forms' },
  { to: '/app/leads', label: 'Callback requests', permission: 'leads:read' },
  { to: '/app/admin/users', label: 'Users', permission: 'users:read' },
  { to: '/app/admin/locations', label: 'Locations', permission: 'locations:manage' },
  { to: '/app/admin/directory', label: 'Clinic directory', permission: 'site:manage' },
  { to: '/app/admin/chairs', label: 'Chairs and hours', permission: 'schedule:manage' },
  { to: '/app/admin/audit', label: 'Audit trail', permission: 'audit:read' },
  { to: '/app/admin/settings', label: 'Clinic settings', permission: 'settings:manage' },
  { to: '/app/admin/outbox', label: 'Outbox', permission: 'settings:manage' },
  { to: '/app/admin/text-packs', label: 'Text packs', permission: 'settings:manage' },
  { to: '/app/admin/session-policies', label: 'Treatment-day policies', permission: 'settings:manage' },
  { to: '/app/admin/report-lists', label: 'REMS and MedWatch lists', permission: 'settings:manage' },
  { to: '/app/admin/site', label: 'Public site', permission: 'site:manage' },
  { to: '/app/admin/protocols', label: 'Protocols', permission: 'protocols:read' },
  { to: '/app/admin/eligibility-rules', label: 'Eligibility rules', permission: 'protocols:manage' },
];

/** The worklist link, with the open-alert count as a badge (named in full for screen readers). */
function AlertsNavLink({ item, current }: { item: NavItem; current: boolean }) {
  const { openCount } = useOpenAlerts();
  return (
    <Link
      to={item.to}
      aria-current={current ? 'page' : undefined}
      aria-label={openCount ? `${item.label}, ${openCount} open` : undefined}
    >
      {item.label}
      {openCount ? (
        <span className="nav-badge" aria-hidden="true">
          {openCount}
        </span>
      ) : null}
    </Link>
  );
}

/** On every page while any suicide-risk alert is open; announced politely when the count changes. */
function OpenAlertsBanner({ onWorklist }: { onWorklist: boolean }) {
  const { openCount } = useOpenAlerts();
  return (
    <div className="risk-banner" role="status">
      {openCount ? (
        <div className="container">
          <p>
            <span aria-hidden="true" className="risk-icon">
              !
            </span>{' '}
            {onWorklist ? (
              <strong>{alertCountText(openCount)}</strong>
            ) : (
              <Link to="/app/alerts">{alertCountText(openCount)} — review</Link>
            )}
          </p>
        </div>
      ) : null}
    </div>
  );
}

function isCurrent(to: string, pathname: string): boolean {
  if (to === '/app/') return pathname === '/app/' || pathname === '/app';
  return pathname === to || pathname.startsWith(`${to}/`);
}

function AccountMenu({ me }: { me: Me }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="account-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="account-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="visually-hidden">Account: </span>
        {me.name}
        <span aria-hidden="true" className="caret">
          ▾
        </span>
      </button>
      <div id={menuId} className="account-panel" hidden={!open}>
        <p className="muted">{me.email}</p>
        <p className="muted">{me.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')}</p>
        {me.mfaEnrolled ? (
          <p className="muted">Authenticator app: set up</p>
        ) : (
          <Link to="/app/mfa/enrol" onClick={() => setOpen(false)}>
            Set up authenticator app
          </Link>
        )}
      </div>
    </div>
  );
}

/**
 * Chart entries saved while the connection was down wait in this browser for the user who made them;
 * signing out keeps them there, unsent, until that user signs in here again, so say so first.
 */
function mayLeaveUnsent(userId: string): boolean {
  const unsent = unsentCount(window.localStorage, userId);
  if (unsent === 0) return true;
  return window.confirm(
    `${unsent} chart ${unsent === 1 ? 'entry has' : 'entries have'} not reached the server yet. They stay in this browser and are sent when you sign in here again and open the chart. Sign out anyway?`,
  );
}

/** The signed-in frame. A restricted session (authenticator set-up pending) gets no navigation. */
export function Shell({ children }: { children: ReactNode }) {
  const { me, signOut } = useSession();
  const { pathname } = useLocation();
  if (!me) return null;
  const restricted = me.mfaEnrollmentRequired;
  const items = NAV.filter((item) => !item.permission || can(me, item.permission));
  const seesAlerts = !restricted && can(me, 'alerts:read');

  return (
    <AlertsProvider enabled={seesAlerts}>
      <SkipLink />
      <header className="app-header">
        <div className="header-bar container">
          {restricted ? (
            <span className="brand">Ketaflow</span>
          ) : (
            <Link to="/app/" className="brand">
              Ketaflow
            </Link>
          )}
          <div className="header-user">
            {restricted ? <span className="user-name">{me.name}</span> : <AccountMenu me={me} />}
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => {
                if (mayLeaveUnsent(me.id)) void signOut();
              }}
            >
              Sign out
            </button>
          </div>
        </div>
        {restricted ? null : (
          <nav aria-label="Main" className="main-nav">
            <ul className="container">
              {items.map((item) => (
                <li key={item.to}>
                  {item.to === '/app/alerts' ? (
                    <AlertsNavLink item={item} current={isCurrent(item.to, pathname)} />
                  ) : (
                    <Link to={item.to} aria-current={isCurrent(item.to, pathname) ? 'page' : undefined}>
                      {item.label}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="crisis-bar">
          <div className="container">
            <CrisisLine />
          </div>
        </div>
        {seesAlerts ? <OpenAlertsBanner onWorklist={isCurrent('/app/alerts', pathname)} /> : null}
      </header>
      <main id="main" tabIndex={-1} className="container">
        {children}
      </main>
      <IdleWatcher />
    </AlertsProvider>
  );
}
