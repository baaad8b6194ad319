import { useId } from 'react';
import {
  type EligibilityRule,
  type EligibilitySeverity,
  SEVERITIES,
} from '../../../../src/domain/eligibility/index.ts';
import { SelectField, TextAreaField } from '../../components/field.tsx';
import { describeCondition } from '../eligibility/describe-condition.ts';
import { ROUTE_LABELS, SEVERITY_LABELS } from '../eligibility/words.ts';

const SEVERITY_BADGES = { exclusion: 'badge-high', caution: 'badge-warn', info: 'badge-off' } as const;

export function routesText(rule: EligibilityRule): string {
  return rule.routes.map((r) => ROUTE_LABELS[r]).join(' and ');
}

/** Where the rule comes from: the sources that back it, or the clinic's own policy. */
function RuleSource({ rule }: { rule: EligibilityRule }) {
  const ids = rule.evidence.join(', ');
  if (!rule.clinicPolicy) {
    return <p className="hint policy-source">Backed by {ids}: cannot be changed here.</p>;
  }
  return (
    <p className="hint policy-source">
      <strong>Clinic policy</strong>
      {ids ? `, informed by ${ids}` : ', no published source'}.
    </p>
  );
}

type Props = {
  rule: EligibilityRule;
  /** Set when this rule may be edited (an admin, the version in force, a clinic-policy rule). */
  onChange?: ((rule: EligibilityRule) => void) | undefined;
  onRemove?: (() => void) | undefined;
  error?: string | undefined;
};

/** One rule: when it fires, how much it weighs, why, and where it comes from. */
export function EligibilityRuleItem({ rule, onChange, onRemove, error }: Props) {
  const headingId = useId();
  const editable = Boolean(onChange) && rule.clinicPolicy === true;
  const which = (
    <span className="visually-hidden">
      {' '}
      for {rule.title} ({routesText(rule)})
    </span>
  );
  return (
    <li className="card stack" aria-labelledby={headingId}>
      <h3 id={headingId}>{rule.title}</h3>
      <p>
        <code className="id">{rule.id}</code> · {routesText(rule)}
        {editable ? null : (
          <>
            {' '}
            ·{' '}
            <span className={`badge ${SEVERITY_BADGES[rule.severity]}`}>
              {SEVERITY_LABELS[rule.severity]}
            </span>
          </>
        )}
      </p>
      <p>
        <strong>When:</strong> {describeCondition(rule.condition)}
      </p>
      {editable && onChange ? (
        <>
          <div className="field-medium">
            <SelectField
              label={<>Severity{which}</>}
              value={rule.severity}
              onChange={(v) => onChange({ ...rule, severity: v as EligibilitySeverity })}
            >
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {SEVERITY_LABELS[s]}
                </option>
              ))}
            </SelectField>
          </div>
          <TextAreaField
            label={<>Reason{which}</>}
            value={rule.reason}
            onChange={(v) => onChange({ ...rule, reason: v })}
            rows={3}
          />
        </>
      ) : (
        <p>
          <strong>Why:</strong> {rule.reason}
        </p>
      )}
      <RuleSource rule={rule} />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {editable && onRemove ? (
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={onRemove}>
            Remove rule{which}
          </button>
        </div>
      ) : null}
    </li>
  );
}
