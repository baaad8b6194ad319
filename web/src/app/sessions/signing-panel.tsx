import { type FormEvent, useState } from 'react';
import { type SessionChart, sessionsApi } from '../../api/sessions.ts';
import type { Me } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TextAreaField, TextField } from '../../components/field.tsx';
import { can } from '../../permissions.ts';
import { Link } from '../../router.ts';
import { useAction } from '../inventory/use-action.ts';
import { SignatureLine } from '../plans/signature-line.tsx';
import { missingForSignature } from './chart-format.ts';

type Props = { chart: SessionChart; me: Me; onChart: (chart: SessionChart) => void; queuedCount: number };

function PasswordForm({
  name,
  button,
  withText,
  textLabel,
  onSubmit,
}: {
  name: string;
  button: string;
  withText?: 'required' | 'optional';
  textLabel?: string;
  onSubmit: (password: string, text: string) => Promise<SessionChart>;
}) {
  const [password, setPassword] = useState('');
  const [text, setText] = useState('');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await action.run(() => onSubmit(password, text.trim()));
    setPassword('');
    if (done) setText('');
  };
  return (
    <form aria-label={name} onSubmit={submit} noValidate className="stack">
      <ErrorAlert error={action.error} fieldsShown={['password', 'note', 'text']} />
      {withText ? (
        <TextAreaField
          label={textLabel ?? 'Note'}
          optional={withText === 'optional'}
          rows={3}
          value={text}
          onChange={setText}
          error={action.errors.note ?? action.errors.text}
        />
      ) : null}
      <TextField
        label="Your password"
        type="password"
        autoComplete="current-password"
        hint="Re-entering your password is your electronic signature."
        value={password}
        onChange={setPassword}
        error={action.errors.password}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {button}
        </button>
      </div>
    </form>
  );
}

/** What is missing, the signature with its meaning, addenda after it, and the co-signature. */
export function SigningPanel({ chart, me, onChart, queuedCount }: Props) {
  const canChart = can(me, 'sessions:chart');
  if (!chart.signature) {
    const missing = missingForSignature(chart);
    return (
      <div className="stack">
        {missing.length > 0 || queuedCount > 0 ? (
          <div className="alert alert-info" data-testid="signing-missing">
            <p>Before signing:</p>
            <ul>
              {missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
              {queuedCount > 0 ? <li>{queuedCount} entries on this device still waiting to send</li> : null}
            </ul>
          </div>
        ) : (
          <p>Everything the note needs is recorded.</p>
        )}
        {canChart ? (
          <PasswordForm
            name="Sign and lock the session note"
            button="Sign and lock"
            withText="optional"
            textLabel="Session note"
            onSubmit={async (password, note) => {
              const result = await sessionsApi.sign(chart.id, { password, ...(note ? { note } : {}) });
              onChart(result);
              return result;
            }}
          />
        ) : null}
      </div>
    );
  }
  const isSigner = chart.signature.userId === me.id;
  return (
    <div className="stack">
      <p className="alert alert-success">Signed and locked. Corrections are made as signed addenda.</p>
      {chart.note ? <p className="session-note">{chart.note}</p> : null}
      <SignatureLine signature={chart.signature} />
      {chart.route === 'esketamine' && chart.administration && can(me, 'rems:forms') ? (
        <p>
          <Link to={`/app/rems/${chart.id}`}>Open the REMS Patient Monitoring Form for this session</Link>{' '}
          (staff submit it to the REMS within 7 days and mark it submitted here).
        </p>
      ) : null}
      {chart.cosignRequired ? (
        chart.cosignature ? (
          <>
            <h3>Co-signature</h3>
            <SignatureLine signature={chart.cosignature} />
          </>
        ) : can(me, 'sessions:decide') && !isSigner ? (
          <PasswordForm
            name="Co-sign the session note"
            button="Co-sign"
            onSubmit={async (password) => {
              const result = await sessionsApi.cosign(chart.id, password);
              onChart(result);
              return result;
            }}
          />
        ) : (
          <p className="muted">Waiting for a prescriber’s co-signature (clinic policy).</p>
        )
      ) : null}
      {chart.addenda.length > 0 ? (
        <>
          <h3>Addenda</h3>
          <ol className="addenda">
            {chart.addenda.map((a) => (
              <li key={a.id}>
                <p>{a.text}</p>
                {a.signature ? <SignatureLine signature={a.signature} /> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {canChart ? (
        <details>
          <summary>Add an addendum</summary>
          <PasswordForm
            name="Addendum"
            button="Sign addendum"
            withText="required"
            textLabel="Addendum"
            onSubmit={async (password, text) => {
              const result = await sessionsApi.addAddendum(chart.id, { password, text });
              onChart(result);
              return result;
            }}
          />
        </details>
      ) : null}
    </div>
  );
}
