import { PageHeader } from '../components/page-header.tsx';
import { formatRoles } from '../format.ts';
import { can } from '../permissions.ts';
import { Link } from '../router.ts';
import { useMe } from '../session.tsx';

export function HomePage() {
  const me = useMe();
  const isAdmin = can(me, 'users:read') && can(me, 'settings:manage');
  const staff = can(me, 'patients:read');
  return (
    <>
      <PageHeader title={`Welcome, ${me.name}`} />
      <p>
        Signed in as {me.email}. Your roles: <strong>{formatRoles(me.roles)}</strong>.
      </p>
      {me.mfaEnrolled === false ? (
        <p className="alert alert-info">
          Protect your account with a second sign-in step:{' '}
          <Link to="/app/mfa/enrol">set up an authenticator app</Link>.
        </p>
      ) : null}
      {staff ? (
        <section className="card" aria-labelledby="start-heading">
          <h2 id="start-heading">Start here</h2>
          <ul className="link-list">
            <li>
              <Link to="/app/patients">Find a patient</Link>
            </li>
            {can(me, 'patients:write') ? (
              <li>
                <Link to="/app/patients/new">Register a patient</Link>
              </li>
            ) : null}
            {can(me, 'alerts:read') ? (
              <li>
                <Link to="/app/alerts">Review suicide-risk alerts</Link>
              </li>
            ) : null}
            {can(me, 'schedule:read') ? (
              <li>
                <Link to="/app/schedule">See who comes in today</Link>
              </li>
            ) : null}
            {can(me, 'leads:read') ? (
              <li>
                <Link to="/app/leads">Work the callback queue</Link>
              </li>
            ) : null}
            {can(me, 'inventory:read') ? (
              <li>
                <Link to="/app/inventory">Controlled-substance stock and ledger</Link>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
      {isAdmin ? (
        <section className="card" aria-labelledby="setup-heading">
          <h2 id="setup-heading">Set up the clinic</h2>
          <ul className="link-list">
            <li>
              <Link to="/app/admin/users">Manage users and invitations</Link>
            </li>
            <li>
              <Link to="/app/admin/locations">Set up clinic locations</Link>
            </li>
            <li>
              <Link to="/app/admin/chairs">Chairs, rooms and staff hours</Link>
            </li>
            <li>
              <Link to="/app/admin/settings">
                Set up paging for suicide-risk alerts and the public site's branding
              </Link>
            </li>
            <li>
              <Link to="/app/admin/session-policies">
                Treatment-day policies: blood pressure gates, vital signs and discharge
              </Link>
            </li>
            <li>
              <Link to="/app/admin/audit">Review the audit trail</Link>
            </li>
          </ul>
        </section>
      ) : null}
      {staff || isAdmin ? null : (
        <section className="card empty-state" aria-labelledby="coming-heading">
          <h2 id="coming-heading">Your patient portal is on its way</h2>
          <p>
            This release covers signing in and account security. Your questionnaires arrive by link; the
            portal with your appointments and results comes in a later release.
          </p>
        </section>
      )}
    </>
  );
}
