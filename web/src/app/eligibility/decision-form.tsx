import { type FormEvent, useState } from 'react';
import { ELIGIBILITY_DECISIONS, type EligibilityDecision } from '../../../../src/domain/eligibility/index.ts';
import { type EligibilityView, type EvaluationView, eligibilityApi } from '../../api/eligibility.ts';
import { isApiError } from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { RadioGroup, TextAreaField } from '../../components/field.tsx';
import { useMe } from '../../session.tsx';
import { SignatureFields } from '../intake/signature.tsx';
import { DECISION_LABELS, decisionMeaning, ROUTE_LABELS } from './words.ts';

const DECISION_CHOICES = Object.fromEntries(
  ELIGIBILITY_DECISIONS.map((d) => [d, DECISION_LABELS[d]]),
) as Record<EligibilityDecision, string>;

/** Some words, not blank or punctuation only: the rule the server applies (checkDecision). */
const isWrittenReason = (reason: string) => /\p{L}/u.test(reason);

/** The prescriber's signed decision for one route; finding a patient eligible despite an exclusion needs a reason. */
export function DecisionForm({
  patientId,
  view,
  evaluation,
  onSigned,
  onReload,
}: {
  patientId: string;
  view: EligibilityView;
  evaluation: EvaluationView;
  onSigned: (message: string) => void;
  onReload: () => void;
}) {
  const me = useMe();
  const route = evaluation.route;
  const [decision, setDecision] = useState<EligibilityDecision | ''>(
    evaluation.suggestedDecision === 'incomplete' ? '' : evaluation.suggestedDecision,
  );
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const exclusions = evaluation.fired.filter((r) => r.severity === 'exclusion');
  const unansweredExclusions = evaluation.unanswered.filter((r) => r.severity === 'exclusion');
  const overriding = decision !== '' && decision !== 'not-eligible';
  const needsReason = overriding && exclusions.length + unansweredExclusions.length > 0;
  const errors = { ...fieldErrorsOf(error), ...localErrors };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (decision === '') local.decision = 'Choose a decision.';
    if (needsReason && !isWrittenReason(reason)) {
      local.overrideReason = 'Write why you override the exclusion: a written reason is required.';
    }
    setLocalErrors(local);
    if (Object.keys(local).length > 0 || decision === '') return;
    setBusy(true);
    setError(null);
    try {
      await eligibilityApi.decide(patientId, {
        route,
        decision,
        ...(needsReason ? { overrideReason: reason } : {}),
        ruleSetVersion: view.ruleSet.version,
        intakeVersionId: view.intake.versionId,
        password,
      });
      setPassword('');
      setReason('');
      onSigned(`${ROUTE_LABELS[route]}: ${DECISION_LABELS[decision].toLowerCase()}, signed.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const headingId = `decide-${route}`;
  return (
    <form onSubmit={submit} noValidate className="stack decision-form" aria-labelledby={headingId}>
      <h4 id={headingId}>Sign a decision: {ROUTE_LABELS[route]}</h4>
      <ErrorAlert error={error} fieldsShown={['decision', 'overrideReason', 'password']} />
      {isApiError(error) && error.status === 409 ? (
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={onReload}>
            Reload the evaluation
          </button>
        </div>
      ) : null}
      <RadioGroup
        legend="Decision"
        name={`decision-${route}`}
        options={ELIGIBILITY_DECISIONS}
        labels={DECISION_CHOICES}
        value={decision}
        onChange={(d) => {
          setDecision(d);
          setLocalErrors({});
        }}
        error={errors.decision}
      />
      {needsReason ? (
        <TextAreaField
          label="Reason for overriding the exclusion"
          hint={`Required: this decision overrides ${[...exclusions, ...unansweredExclusions]
            .map((r) => `“${r.title}”${exclusions.includes(r as never) ? '' : ' (not answered)'}`)
            .join(', ')}.`}
          rows={3}
          maxLength={2000}
          required
          value={reason}
          onChange={setReason}
          error={errors.overrideReason}
        />
      ) : null}
      {decision !== '' ? (
        <SignatureFields
          printedName={me.name}
          meaning={decisionMeaning(decision, route)}
          password={password}
          onPassword={setPassword}
          error={errors.password}
        />
      ) : null}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Signing…' : 'Sign decision'}
        </button>
      </div>
    </form>
  );
}
