import { isApiError } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** What each scheduling rule means, in the words a front desk uses (the rule ids are the server's). */
export const RULE_TITLES: Record<string, string> = {
  'chair-double-booked': 'That chair or room is already booked at this time',
  'patient-double-booked': 'The patient already has a session at this time',
  'spravato-rems': 'Esketamine needs the patient’s SPRAVATO REMS enrolment first',
  'staff-hours': 'That time is outside the staff hours',
  'min-days-between-sessions': 'Too soon after another session of this patient',
  'sessions-per-week': 'The patient already has the most sessions this phase allows that week',
  'every-weeks': 'Too frequent for this phase of the protocol',
  'patient-discharged': 'The patient is discharged',
  'planned-session-booked': 'That planned session is already booked',
};

/** The rule a 409 names at the end of its detail, `… (rule: staff-hours)`. */
export function refusedRule(error: unknown): string | null {
  if (!isApiError(error) || error.status !== 409) return null;
  return /\(rule: ([a-z-]+)\)$/.exec(error.detail)?.[1] ?? null;
}

/** A booking the server refused: the rule in plain words, then the server's reason as it gave it. */
export function BookingRefusal({ error, fieldsShown }: { error: unknown; fieldsShown?: readonly string[] }) {
  const rule = refusedRule(error);
  if (!rule || !isApiError(error)) return <ErrorAlert error={error} fieldsShown={fieldsShown} />;
  const reason = error.detail.replace(/\s*\(rule: [a-z-]+\)$/, '');
  return (
    <div className="alert alert-error booking-refusal" role="alert" data-rule={rule}>
      <p>
        <strong>Not booked: {RULE_TITLES[rule] ?? rule}.</strong>
      </p>
      <p>{reason}</p>
    </div>
  );
}
