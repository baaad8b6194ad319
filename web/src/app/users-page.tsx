import { type FormEvent, Fragment, useCallback, useEffect, useId, useState } from 'react';
import { api, ROLE_LABELS, ROLES, type Role, type User } from '../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../components/error-alert.tsx';
import { CheckboxGroup, TextField } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableRegion } from '../components/table-region.tsx';
import { formatDateTime, formatRoles } from '../format.ts';
import { useMe } from '../session.tsx';

const ROLE_HINT = 'Patient cannot be combined with staff roles.';

/** Lets a long address wrap after the @ rather than mid-word. */
function EmailBreak({ email }: { email: string }) {
  const at = email.indexOf('@');
  if (at < 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at)}
      <wbr />@{email.slice(at + 1)}
    </>
  );
}

function RolesEditor({ user, onDone }: { user: User; onDone: (message: string | null) => void }) {
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.setUserRoles(user.id, roles);
      onDone(`Roles for ${user.name} updated.`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={save} noValidate className="stack inline-editor">
      <ErrorAlert error={error} fieldsShown={['roles']} />
      <CheckboxGroup
        legend={`Roles for ${user.name}`}
        hint={ROLE_HINT}
        options={ROLES}
        labels={ROLE_LABELS}
        value={roles}
        onChange={setRoles}
        error={fieldErrorsOf(error).roles}
      />
      <div className="actions">
        <button type="submit" className="button button-small" disabled={busy}>
          {busy ? 'Saving…' : 'Save roles'}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ email: string; url: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const linkId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    setCopied(false);
    try {
      const created = await api.inviteUser({ name: name.trim(), email: email.trim(), roles });
      setResult({ email: created.user.email, url: new URL(created.inviteUrl, window.location.origin).href });
      setName('');
      setEmail('');
      setRoles([]);
      onInvited();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!result) return;
    try {
      await navigator.clipboard.writeText(result.url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const errors = fieldErrorsOf(error);
  return (
    <section className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite a user</h2>
      <form onSubmit={submit} noValidate className="stack">
        <ErrorAlert error={error} fieldsShown={['name', 'email', 'roles']} />
        <div className="grid-2">
          <TextField
            label="Full name"
            name="name"
            autoComplete="off"
            value={name}
            onChange={setName}
            error={errors.name}
          />
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="off"
            spellCheck={false}
            value={email}
            onChange={setEmail}
            error={errors.email}
          />
        </div>
        <CheckboxGroup
          legend="Roles"
          hint={ROLE_HINT}
          options={ROLES}
          labels={ROLE_LABELS}
          value={roles}
          onChange={setRoles}
          error={errors.roles}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Creating invitation…' : 'Create invitation'}
          </button>
        </div>
      </form>
      <div role="status">
        {result ? (
          <div className="alert alert-success stack">
            <p>
              Invitation created for <strong>{result.email}</strong>. Ketaflow does not send email yet: copy
              this link and send it to them yourself. It works once.
            </p>
            <div className="field">
              <label htmlFor={linkId}>Invitation link</label>
              <div className="input-with-button">
                <input
                  id={linkId}
                  readOnly
                  value={result.url}
                  onFocus={(e) => e.target.select()}
                  data-testid="invite-url"
                />
                <button type="button" className="button button-secondary" onClick={copy}>
                  {copied ? 'Copied' : 'Copy link'}
                </button>
              </div>
            </div>
          </div>
        ) : null}
      </div>
    </section>
  );
}

export function UsersPage() {
  const me = useMe();
  const [users, setUsers] = useState<User[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setUsers((await api.listUsers()).items);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const setActive = async (user: User, active: boolean) => {
    setBusyId(user.id);
    setRowError(null);
    setMessage('');
    try {
      if (active) await api.reactivateUser(user.id);
      else await api.deactivateUser(user.id);
      setMessage(`${user.name} ${active ? 'reactivated' : 'deactivated'}.`);
      await load();
    } catch (e) {
      setRowError(e);
    } finally {
      setBusyId(null);
    }
  };

  return (
    <>
      <PageHeader title="Users" />
      <p className="lead">Staff and patient accounts for this clinic. Deactivated users cannot sign in.</p>
      <p role="status" className="status-line">
        {message}
      </p>
      <ErrorAlert error={rowError} />
      {loadError ? <ErrorAlert error={loadError} /> : null}
      {!users && !loadError ? <p>Loading users…</p> : null}
      {users ? (
        <TableRegion labelledBy="users-caption">
          <table>
            <caption id="users-caption">Users ({users.length})</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">Authenticator</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <Fragment key={user.id}>
                  <tr className={user.active ? undefined : 'inactive'}>
                    <th scope="row">
                      {user.name}
                      {user.id === me.id ? <span className="muted"> (you)</span> : null}
                    </th>
                    <td>
                      <EmailBreak email={user.email} />
                    </td>
                    <td>{formatRoles(user.roles)}</td>
                    <td>
                      <span className={`badge ${user.active ? 'badge-ok' : 'badge-off'}`}>
                        {user.active ? 'Active' : 'Deactivated'}
                      </span>
                    </td>
                    <td>{user.mfaEnrolled ? 'Set up' : 'Not set up'}</td>
                    <td>{formatDateTime(user.lastSignInAt)}</td>
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          aria-expanded={editing === user.id}
                          onClick={() => {
                            setRowError(null);
                            setEditing(editing === user.id ? null : user.id);
                          }}
                        >
                          Change roles<span className="visually-hidden"> for {user.name}</span>
                        </button>
                        <button
                          type="button"
                          className={`button button-small ${user.active ? 'button-danger' : 'button-secondary'}`}
                          disabled={busyId === user.id}
                          onClick={() => setActive(user, !user.active)}
                        >
                          {user.active ? 'Deactivate' : 'Reactivate'}
                          <span className="visually-hidden"> {user.name}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                  {editing === user.id ? (
                    <tr className="edit-row">
                      <td colSpan={7}>
                        <RolesEditor
                          user={user}
                          onDone={(done) => {
                            setEditing(null);
                            if (done) {
                              setMessage(done);
                              void load();
                            }
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      <InviteForm onInvited={load} />
    </>
  );
}
