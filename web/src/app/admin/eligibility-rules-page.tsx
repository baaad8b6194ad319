import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { EligibilityRule } from '../../../../src/domain/eligibility/index.ts';
import { eligibilityApi, type RuleSetsView, type RuleSetVersionView } from '../../api/eligibility.ts';
import { ApiError } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../format.ts';
import { can } from '../../permissions.ts';
import { useMe } from '../../session.tsx';
import { EligibilityRuleItem } from './eligibility-rule-item.tsx';

type VersionInfo = Omit<RuleSetVersionView, 'rules'>;

function savedText(v: VersionInfo): string {
  if (!v.stored) return 'Ketaflow’s default, not changed by the clinic';
  return `saved ${formatDateTime(v.createdAt)} by ${v.createdBy?.name ?? 'Ketaflow'}`;
}

const isConflict = (e: unknown) => e instanceof ApiError && e.status === 409;

/**
 * The clinic's eligibility rule set: everyone who reads protocols sees every version; admins change
 * the severity or reason of a clinic-policy rule, or remove it, and save the next version. Rules
 * backed by a source stay as they are (the server refuses otherwise).
 */
export function EligibilityRulesPage() {
  const me = useMe();
  const canManage = can(me, 'protocols:manage');
  const [sets, setSets] = useState<RuleSetsView | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const [older, setOlder] = useState<RuleSetVersionView | null>(null);
  const [draft, setDraft] = useState<EligibilityRule[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const next = await eligibilityApi.ruleSets();
      setSets(next);
      setShown(next.current.version);
      setDraft(next.current.rules);
      setError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const current = sets?.current;
  useEffect(() => {
    let cancelled = false;
    setOlder(null);
    if (shown === null || !current || shown === current.version) return;
    eligibilityApi.ruleSetVersion(shown).then(
      (v) => !cancelled && setOlder(v),
      (e) => !cancelled && setLoadError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [shown, current]);

  if (!sets || !current) {
    return (
      <>
        <PageHeader title="Eligibility rules" />
        <ErrorAlert error={loadError} />
        {loadError ? null : <p>Loading the rule set…</p>}
      </>
    );
  }

  const showingCurrent = shown === current.version;
  const editing = canManage && showingCurrent;
  const changed = JSON.stringify(draft) !== JSON.stringify(current.rules);
  const removed = current.rules.filter((rule) => !draft.some((d) => d.id === rule.id));
  const errors = error instanceof ApiError && !isConflict(error) ? error.fieldPathErrors() : {};
  const rules = showingCurrent ? (editing ? draft : current.rules) : (older?.rules ?? null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setMessage('');
    try {
      const saved = await eligibilityApi.reviseRuleSet({ baseVersion: current.version, rules: draft });
      await load();
      setMessage(`Version ${saved.version} saved; it is in force now.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const list =
    rules === null ? (
      <p>Loading version {shown}…</p>
    ) : (
      <ol className="rule-list stack">
        {rules.map((rule, index) => (
          <EligibilityRuleItem
            key={rule.id}
            rule={rule}
            onChange={
              editing ? (next) => setDraft((d) => d.map((r) => (r.id === rule.id ? next : r))) : undefined
            }
            onRemove={editing ? () => setDraft((d) => d.filter((r) => r.id !== rule.id)) : undefined}
            error={editing ? errors[`rules.${index}`] : undefined}
          />
        ))}
      </ol>
    );

  return (
    <>
      <PageHeader title="Eligibility rules" />
      <p className="lead">
        The rules the eligibility evaluation applies to a verified intake, for each route. A rule backed by a
        published source stays as it is; the clinic’s own policies can be made stricter or looser, reworded or
        removed, and every save is a new version. The software informs; prescribers decide.
      </p>
      <p role="status" className="status-line alert alert-success">
        {message}
      </p>
      <section className="card stack" aria-labelledby="rule-set-version-heading">
        <h2 id="rule-set-version-heading">Version {current.version} in force</h2>
        <p>
          <code className="id">{current.id}</code>, {savedText(current)}.
        </p>
        {sets.versions.length > 1 ? (
          <div className="field-medium">
            <SelectField label="Show version" value={String(shown)} onChange={(v) => setShown(Number(v))}>
              {sets.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  Version {v.version}
                  {v.version === current.version ? ' (in force)' : ` (${savedText(v)})`}
                </option>
              ))}
            </SelectField>
          </div>
        ) : null}
        {showingCurrent ? null : (
          <p className="alert alert-warning">
            Version {shown}, read-only: version {current.version} is in force.
          </p>
        )}
        {showingCurrent && !canManage ? (
          <p className="hint">Read-only: an admin changes the clinic’s policies here.</p>
        ) : null}
      </section>
      <ErrorAlert error={loadError} />
      {editing ? (
        <form onSubmit={save} noValidate className="stack" aria-labelledby="rules-heading">
          <h2 id="rules-heading">Rules</h2>
          {isConflict(error) ? (
            <div className="alert alert-error" role="alert">
              <p>
                Someone else saved a newer version of the rule set while you were editing; your changes are
                not saved. Reload to see it, then make your changes again.
              </p>
              <button type="button" className="button button-secondary" onClick={() => void load()}>
                Reload the rule set
              </button>
            </div>
          ) : (
            <ErrorAlert error={error} fieldsShown={['rules']} />
          )}
          {list}
          {removed.length > 0 ? (
            <p className="hint">Removed in this draft: {removed.map((r) => r.title).join('; ')}.</p>
          ) : null}
          <div className="actions">
            <button type="submit" className="button" disabled={busy || !changed}>
              {busy ? 'Saving…' : `Save as version ${current.version + 1}`}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy || !changed}
              onClick={() => {
                setDraft(current.rules);
                setError(null);
              }}
            >
              Discard changes
            </button>
          </div>
        </form>
      ) : (
        <section className="stack" aria-labelledby="rules-heading">
          <h2 id="rules-heading">Rules in version {shown}</h2>
          {list}
        </section>
      )}
    </>
  );
}
