import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type Intake, type IntakeVersion, intakeApi } from '../../api/intake.ts';
import { isApiError } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { useMe } from '../../session.tsx';
import { BaselineScores } from './baseline-scores.tsx';
import { draftFromFacts, factsFromDraft, type IntakeDraft } from './intake-draft.ts';
import { IntakeForm } from './intake-form.tsx';
import { IntakeVersions, VERSION_KIND_LABELS } from './intake-versions.tsx';
import { SignatureFields, SignatureLine } from './signature.tsx';

// The meanings the server records with each signature (src/server/features/intake/service.ts),
// shown before signing so the clinician knows what they sign.
const VERIFY_MEANING =
  'Verified: I reviewed this intake with the patient and confirm it is accurate and complete';
const ADDENDUM_MEANING = 'Correction by addendum: I am the author of this correction; the original is kept';

const STATUS_LABELS: Record<Intake['status'], string> = {
  new: 'New',
  'awaiting-patient': 'Waiting for the patient',
  submitted: 'Submitted by the patient: review it',
  'in-review': 'In review',
  verified: 'Verified',
};

type Mode = 'edit' | 'view' | 'addendum';

/** Field errors from the server, keyed below `facts` for the form and by name for the rest. */
function splitErrors(error: unknown): { facts: Record<string, string>; other: Record<string, string> } {
  const facts: Record<string, string> = {};
  const other: Record<string, string> = {};
  if (!isApiError(error)) return { facts, other };
  for (const [path, message] of Object.entries(error.fieldPathErrors())) {
    if (path.startsWith('facts.')) facts[path.slice('facts.'.length)] = message;
    else if (path === 'facts') facts[''] = message;
    else other[path] = message;
  }
  return { facts, other };
}

export function IntakeRecord({
  intake,
  canWrite,
  onChanged,
  onReload,
}: {
  intake: Intake;
  canWrite: boolean;
  /** The record is re-mounted with the new version; the notice says what happened. */
  onChanged: (next: Intake, notice: string) => void;
  onReload: () => void;
}) {
  const me = useMe();
  const verified = intake.current !== null;
  const latest = intake.versions.at(-1);
  const baseFacts = verified ? intake.current?.facts : latest?.facts;
  const saved = useMemo(() => draftFromFacts(baseFacts ?? {}), [baseFacts]);
  const [draft, setDraft] = useState<IntakeDraft>(saved);
  const [mode, setMode] = useState<Mode>(verified || !canWrite ? 'view' : 'edit');
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<IntakeVersion | null>(null);
  const dirty = JSON.stringify(factsFromDraft(draft)) !== JSON.stringify(factsFromDraft(saved));
  const errors = splitErrors(error);

  const run = async (action: () => Promise<Intake>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await action(), done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const saveDraft = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () =>
        intakeApi.saveDraft(intake.id, {
          facts: factsFromDraft(draft),
          baseVersion: intake.latestVersion ?? 0,
        }),
      'Draft saved as a new version.',
    );
  };

  const verify = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => intakeApi.verify(intake.id, { version: intake.latestVersion ?? 0, password }),
      'Intake verified and signed.',
    );
  };

  const addAddendum = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () =>
        intakeApi.addAddendum(intake.id, {
          facts: factsFromDraft(draft),
          reason,
          baseVersion: intake.latestVersion ?? 0,
          password,
        }),
      'Addendum signed; the original record is kept.',
    );
  };

  const stale = isApiError(error) && error.status === 409;
  const editing = mode === 'edit' || mode === 'addendum';

  return (
    <div className="stack intake-record">
      <p>
        Status: <strong data-testid="intake-status">{STATUS_LABELS[intake.status]}</strong>
      </p>
      {intake.current ? (
        <div className="alert alert-success" data-testid="verified-signature">
          <p>
            <strong>Verified record in force</strong> (version {intake.current.version},{' '}
            {intake.current.kind === 'addendum' ? 'corrected by addendum' : 'as verified'}).{' '}
            {intake.current.signature ? <SignatureLine signature={intake.current.signature} /> : null}
          </p>
          <p className="small">A verified record is never edited: corrections are signed addenda.</p>
        </div>
      ) : null}
      <section aria-labelledby="intake-versions-heading">
        <h3 id="intake-versions-heading">Versions</h3>
        <IntakeVersions intake={intake} onShow={setShown} />
      </section>
      {shown ? <ShownVersion version={shown} onClose={() => setShown(null)} /> : null}
      {intake.medicationFlags.length > 0 ? (
        <div className="alert alert-warning" data-testid="medication-flags">
          <p>
            <strong>Flagged medicines</strong> (sedation, blood pressure or interactions):
          </p>
          <ul>
            {intake.medicationFlags.map((flag) => (
              <li key={flag.medication}>
                {flag.medication}: {flag.labels.join(', ')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {intake.unclassifiedMedications.length > 0 && canWrite ? (
        <p className="alert alert-info">
          Classify these medicines before verifying: {intake.unclassifiedMedications.join(', ')}.
        </p>
      ) : null}
      <BaselineScores intake={intake} />
      <section className="card" aria-labelledby="history-heading">
        <h3 id="history-heading">
          {mode === 'addendum' ? 'Correct the verified record' : verified ? 'Verified history' : 'History'}
        </h3>
        <ErrorAlert error={error} fieldsShown={['facts', 'password', 'reason']} />
        {stale ? (
          <div className="actions">
            <button type="button" className="button button-secondary" onClick={onReload}>
              Reload the intake
            </button>
          </div>
        ) : null}
        <form
          onSubmit={mode === 'addendum' ? addAddendum : saveDraft}
          noValidate
          className="stack"
          aria-labelledby="history-heading"
        >
          <IntakeForm draft={draft} onChange={setDraft} errors={errors.facts} readOnly={!editing} />
          {mode === 'edit' ? (
            <div className="actions">
              <button type="submit" className="button" disabled={busy || !dirty}>
                {busy ? 'Saving…' : 'Save draft'}
              </button>
              {dirty ? (
                <span className="muted">Unsaved changes</span>
              ) : (
                <span className="muted">All changes saved</span>
              )}
            </div>
          ) : null}
          {mode === 'addendum' ? (
            <div className="stack">
              <TextAreaField
                label="Reason for the correction"
                rows={3}
                maxLength={1000}
                value={reason}
                onChange={setReason}
                error={errors.other.reason}
              />
              <SignatureFields
                printedName={me.name}
                meaning={ADDENDUM_MEANING}
                password={password}
                onPassword={setPassword}
                error={errors.other.password}
              />
              <div className="actions">
                <button type="submit" className="button" disabled={busy}>
                  {busy ? 'Signing…' : 'Sign addendum'}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    setDraft(saved);
                    setMode('view');
                    setError(null);
                  }}
                >
                  Cancel
                </button>
              </div>
            </div>
          ) : null}
        </form>
        {mode === 'view' && verified && canWrite ? (
          <div className="actions">
            <button type="button" className="button button-secondary" onClick={() => setMode('addendum')}>
              Correct by addendum
            </button>
          </div>
        ) : null}
      </section>
      {mode === 'edit' && !verified ? (
        <section className="card" aria-labelledby="verify-heading">
          <h3 id="verify-heading">Verify and sign</h3>
          <p className="hint">
            Verification signs the latest saved version ({intake.latestVersion ?? 'none yet'}) as the record
            the eligibility rules read, and links the baseline questionnaires above. After that, only signed
            addenda can correct it.
          </p>
          <form onSubmit={verify} noValidate className="stack" aria-labelledby="verify-heading">
            {dirty ? (
              <p className="alert alert-info">Save the draft first: you sign what was saved.</p>
            ) : null}
            <SignatureFields
              printedName={me.name}
              meaning={VERIFY_MEANING}
              password={password}
              onPassword={setPassword}
              error={errors.other.password}
            />
            <div className="actions">
              <button
                type="submit"
                className="button"
                disabled={busy || dirty || intake.latestVersion === null}
              >
                {busy ? 'Signing…' : 'Verify and sign intake'}
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </div>
  );
}

/** One earlier version exactly as it was saved, read-only. */
function ShownVersion({ version, onClose }: { version: IntakeVersion; onClose: () => void }) {
  const draft = useMemo(() => draftFromFacts(version.facts), [version]);
  const headingId = `shown-version-${version.version}`;
  const heading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another version shown is a new view whose heading takes focus
  useEffect(() => heading.current?.focus(), [version]);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1} ref={heading}>
        Version {version.version}: {VERSION_KIND_LABELS[version.kind]} (read-only)
      </h3>
      <IntakeForm draft={draft} onChange={() => {}} errors={{}} readOnly />
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          Close version {version.version}
        </button>
      </div>
    </section>
  );
}
