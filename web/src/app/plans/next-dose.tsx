import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { parseDecimalText } from '../../../../src/domain/dosing/index.ts';
import type { DoseSuggestion } from '../../../../src/domain/protocols/index.ts';
import { type NextSessionSuggestion, type Plan, plansApi } from '../../api/plans.ts';
import { isApiError } from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { RadioGroup, TextAreaField, TextField } from '../../components/field.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate, formatDateTime, instrumentName } from '../../format.ts';
import { can } from '../../permissions.ts';
import { useMe } from '../../session.tsx';
import { Citations, Provenance } from '../protocols/provenance.tsx';
import { doseSummary } from './dose-steps.tsx';
import { SignatureLine } from './signature-line.tsx';

const ACTION_WORDS: Record<DoseSuggestion['action'], string> = {
  start: 'Start',
  same: 'Stay at the same dose',
  'step-up': 'One step up',
  'step-down': 'One step down',
  hold: 'Hold',
};

function ResponseSoFar({ data }: { data: NextSessionSuggestion }) {
  return (
    <>
      <h4>Response so far</h4>
      {data.previousSessions.length === 0 ? (
        <p data-testid="no-sessions">No session of this plan has been given yet.</p>
      ) : (
        <p>
          Sessions given:{' '}
          {data.previousSessions
            .map((s) => `#${s.number} on ${formatDate(s.date)} at ${s.dose} ${s.unit}`)
            .join('; ')}
          .
        </p>
      )}
      {data.scores.length === 0 ? (
        <p>No questionnaire scores yet.</p>
      ) : (
        <TableRegion labelledBy="scores-caption">
          <table className="table-dense">
            <caption id="scores-caption">Latest scores against baseline</caption>
            <thead>
              <tr>
                <th scope="col">Questionnaire</th>
                <th scope="col">Baseline</th>
                <th scope="col">Latest</th>
                <th scope="col">Change</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {data.scores.map((s) => (
                <tr key={s.instrument}>
                  <th scope="row">
                    {instrumentName(s.instrument)}
                    {data.response?.instrument === s.instrument ? ' (judges response)' : ''}
                  </th>
                  <td>
                    {s.baseline ? `${s.baseline.total} (${formatDateTime(s.baseline.completedAt)})` : 'None'}
                  </td>
                  <td>
                    {s.latest ? `${s.latest.total ?? '—'} (${formatDateTime(s.latest.completedAt)})` : 'None'}
                  </td>
                  <td>
                    {s.percentChange === null
                      ? '—'
                      : `${Math.abs(Math.round(s.percentChange))} % ${s.percentChange <= 0 ? 'below' : 'above'} baseline`}
                  </td>
                  <td>
                    {s.status ?? '—'}
                    {s.remission ? ' · remission' : s.response ? ' · response' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <h4>Peak blood pressure, sedation, dissociation and adverse events</h4>
      {data.sessionData.available ? (
        <TableRegion labelledBy="charted-caption">
          <table className="table-dense" data-testid="charted-sessions">
            <caption id="charted-caption">What the session charts recorded</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Peak blood pressure</th>
                <th scope="col">Deepest sedation (MOAA/S)</th>
                <th scope="col">Dissociation (highest)</th>
                <th scope="col">Adverse events</th>
                <th scope="col">Tolerated</th>
                <th scope="col">Score after</th>
              </tr>
            </thead>
            <tbody>
              {data.previousSessions.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    #{s.number} · {s.dose} {s.unit}
                  </th>
                  {s.charted ? (
                    <>
                      <td>
                        {s.charted.peakSystolicMmHg === null
                          ? '—'
                          : `${s.charted.peakSystolicMmHg}/${s.charted.peakDiastolicMmHg ?? '—'} mmHg`}
                      </td>
                      <td>{s.charted.lowestMoaas ?? '—'}</td>
                      <td>{s.charted.highestDissociation ?? '—'}</td>
                      <td>
                        {s.charted.adverseEvents.length === 0
                          ? 'None'
                          : s.charted.adverseEvents.map((e) => `${e.event} (${e.severity})`).join(', ')}
                        {s.charted.stoppedEarly ? '; stopped early' : ''}
                      </td>
                      <td>
                        {s.charted.severeReaction ? 'Severe reaction' : s.charted.tolerated ? 'Yes' : 'No'}
                        {s.charted.reasons.length > 0 ? ` (${s.charted.reasons.join(', ')})` : ''}
                      </td>
                      <td>{s.charted.responseScore ?? '—'}</td>
                    </>
                  ) : (
                    <td colSpan={6}>Not charted in Ketaflow</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{data.sessionData.note}</p>
        </TableRegion>
      ) : (
        <p className="alert alert-info" data-testid="no-session-data">
          No session data yet. {data.sessionData.note}
        </p>
      )}
    </>
  );
}

function SuggestionBox({ data }: { data: NextSessionSuggestion }) {
  const s = data.suggestion;
  if (!s) {
    return (
      <div className="suggestion card">
        <h4>Suggestion</h4>
        <p>No suggestion: {data.notSuggested}</p>
      </div>
    );
  }
  return (
    <div className="suggestion card" data-testid="suggestion">
      <h4>Suggestion (not applied)</h4>
      <p>
        <strong>
          {ACTION_WORDS[s.action]}: {s.dose === null ? 'no dose until reviewed' : `${s.dose} ${s.unit}`}
        </strong>
      </p>
      <p>Reason: {s.reason}</p>
      {s.improvementPercent !== null ? (
        <p>Improvement from baseline: {Math.round(s.improvementPercent)} %</p>
      ) : null}
      <p>
        Basis: <Provenance source={s} />
      </p>
      <Citations ids={s.evidence} headingId="suggestion-sources" />
      <p className="muted">
        Ketaflow never changes a dose by itself: the dose stands as planned until you sign a decision below.
      </p>
    </div>
  );
}

function DecisionForm({
  plan,
  data,
  onDecided,
}: {
  plan: Plan;
  data: NextSessionSuggestion;
  onDecided: (message: string) => void;
}) {
  const me = useMe();
  const suggestion = data.suggestion;
  const [action, setAction] = useState<'accept' | 'change' | ''>('');
  const [dose, setDose] = useState('');
  const [reason, setReason] = useState('');
  const [aboveLimitReason, setAboveLimitReason] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorsOf(error);
  const unit = data.session.unit;
  const chosen = action === 'accept' ? (suggestion?.dose ?? null) : parseDecimalText(dose);
  const above = chosen !== null && chosen > plan.phase.maxDose;
  const options = suggestion ? (['accept', 'change'] as const) : (['change'] as const);
  const acceptLabel = suggestion
    ? `Accept the suggestion: ${suggestion.dose === null ? 'hold the dose' : `${suggestion.dose} ${suggestion.unit}`}`
    : '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const decided = await plansApi.decideDose(plan.id, data.session.id, {
        action: action === '' ? 'change' : action,
        ...(action === 'change' &&
          parseDecimalText(dose) !== null && { dose: parseDecimalText(dose) as number }),
        ...(action === 'change' && reason.trim() && { reason }),
        ...(above && aboveLimitReason.trim() && { aboveLimitReason }),
        password,
      });
      onDecided(
        `Dose for session ${data.session.number} signed: ${decided.dose === null ? 'hold' : `${decided.dose} ${decided.unit}`}.`,
      );
    } catch (e) {
      setError(e);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="dose-decision" aria-labelledby="dose-decision-heading">
      <h4 id="dose-decision-heading">Your decision for session {data.session.number}</h4>
      <ErrorAlert error={error} fieldsShown={['action', 'dose', 'reason', 'aboveLimitReason', 'password']} />
      <RadioGroup
        legend="Dose for this session"
        name="dose-action"
        options={options}
        labels={{ accept: acceptLabel, change: 'Change the dose (give a reason)' }}
        value={action}
        onChange={setAction}
        error={errors.action}
      />
      {action === 'change' ? (
        <>
          <TextField
            label={`Dose (${unit})`}
            inputMode="decimal"
            hint={`Planned: ${data.session.plannedDose} ${unit}. Maximum: ${plan.phase.maxDose} ${unit}.`}
            value={dose}
            onChange={setDose}
            error={errors.dose}
          />
          <TextAreaField
            label="Reason for changing the suggested dose"
            value={reason}
            onChange={setReason}
            error={errors.reason}
            rows={3}
          />
        </>
      ) : null}
      {above || errors.aboveLimitReason ? (
        <TextAreaField
          label="Reason for a dose above the protocol’s maximum"
          value={aboveLimitReason}
          onChange={setAboveLimitReason}
          error={errors.aboveLimitReason}
          rows={3}
        />
      ) : null}
      {action ? (
        <>
          <p>
            You sign as <strong>{me.name}</strong>, now, ordering the dose for session {data.session.number}{' '}
            on {formatDate(data.session.date)}.
          </p>
          <TextField
            label="Your password"
            type="password"
            autoComplete="current-password"
            hint="Re-enter your password to sign."
            value={password}
            onChange={setPassword}
            error={errors.password}
          />
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              Sign dose decision
            </button>
          </div>
        </>
      ) : null}
    </form>
  );
}

/** Before each session: how the patient has responded, the protocol's suggestion, and the prescriber's decision. */
export function NextDosePanel({ plan, onDecided }: { plan: Plan; onDecided: () => void }) {
  const me = useMe();
  const [data, setData] = useState<NextSessionSuggestion | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');

  const load = useCallback(async () => {
    try {
      setData(await plansApi.nextSuggestion(plan.id));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [plan.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const decision = data?.session.doseDecision;
  return (
    <section className="card next-dose" aria-labelledby="next-dose-heading">
      <h3 id="next-dose-heading">
        Next dose{data ? `: session ${data.session.number} on ${formatDate(data.session.date)}` : ''}
      </h3>
      <p role="status" className="status-line">
        {message}
      </p>
      {error && isApiError(error) && error.status === 409 ? (
        <p>{error.detail}</p>
      ) : (
        <ErrorAlert error={error} />
      )}
      {data ? (
        <>
          <p>
            Planned dose: {data.session.plannedDose} {data.session.unit}
          </p>
          <ResponseSoFar data={data} />
          <SuggestionBox data={data} />
          {decision ? (
            <div className="decided" data-testid="dose-decision">
              <h4>Decided</h4>
              <p>
                <strong>
                  {decision.dose === null ? 'Hold' : `${decision.dose} ${decision.unit}`}
                  {decision.calculation ? ` (${doseSummary(decision.calculation)})` : ''}
                </strong>{' '}
                — {decision.action === 'accept' ? 'suggestion accepted' : 'changed from the suggestion'}
                {decision.reason ? `. Reason: ${decision.reason}` : ''}
              </p>
              <SignatureLine signature={decision.signature} />
            </div>
          ) : null}
          {can(me, 'plans:sign') ? (
            <DecisionForm
              key={decision?.id ?? 'none'}
              plan={plan}
              data={data}
              onDecided={(text) => {
                setMessage(text);
                void load();
                onDecided();
              }}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
