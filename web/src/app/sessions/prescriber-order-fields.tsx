import type { DoseOrderInput } from '../../api/sessions.ts';
import { TextAreaField, TextField } from '../../components/field.tsx';
import { numberOrUndefined } from './chart-format.ts';

export type PrescriberOrderForm = {
  email: string;
  password: string;
  totp: string;
  reason: string;
  weightKg: string;
  aboveMaxReason: string;
};

export const EMPTY_ORDER: PrescriberOrderForm = {
  email: '',
  password: '',
  totp: '',
  reason: '',
  weightKg: '',
  aboveMaxReason: '',
};

export function toOrderInput(o: PrescriberOrderForm): DoseOrderInput {
  const totp = o.totp.replace(/\s+/g, '');
  const weightKg = numberOrUndefined(o.weightKg);
  return {
    email: o.email.trim(),
    password: o.password,
    ...(totp ? { totp } : {}),
    reason: o.reason.trim(),
    ...(weightKg !== undefined ? { weightKg } : {}),
    ...(o.aboveMaxReason.trim() ? { aboveMaxReason: o.aboveMaxReason.trim() } : {}),
  };
}

type Props = {
  iv: boolean;
  value: PrescriberOrderForm;
  onChange: (value: PrescriberOrderForm) => void;
  /** Field errors by path, as the server names them: `prescriberOrder.password`. */
  errors: Record<string, string>;
};

/**
 * A prescriber orders the dose here, at this moment, with their own sign-in (as a witness does):
 * the order is signed by whoever signs in, never typed in someone's name.
 */
export function PrescriberOrderFields({ iv, value, onChange, errors }: Props) {
  const set = (key: keyof PrescriberOrderForm) => (text: string) => onChange({ ...value, [key]: text });
  const general = errors.prescriberOrder;
  return (
    <fieldset className="witness-box">
      <legend>Prescriber’s order: a prescriber signs in here</legend>
      <p className="hint">
        No plan backs this dose, so a prescriber orders it. Hand the device to the prescriber: they type{' '}
        <strong>their own</strong> email and password (and the 6-digit code from their authenticator app) and
        why this dose is given.
      </p>
      {general ? (
        <p className="field-error" role="alert">
          {general}
        </p>
      ) : null}
      <div className="grid-3">
        <TextField
          label="Prescriber email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={value.email}
          onChange={set('email')}
          error={errors['prescriberOrder.email']}
        />
        <TextField
          label="Prescriber password"
          type="password"
          autoComplete="off"
          value={value.password}
          onChange={set('password')}
          error={errors['prescriberOrder.password']}
        />
        <TextField
          label="Prescriber authenticator code"
          optional
          inputMode="numeric"
          autoComplete="off"
          className="field-short"
          value={value.totp}
          onChange={set('totp')}
          error={errors['prescriberOrder.totp']}
        />
      </div>
      <TextAreaField
        label="Why this dose (the prescriber’s order)"
        rows={2}
        value={value.reason}
        onChange={set('reason')}
        error={errors['prescriberOrder.reason']}
      />
      {iv ? (
        <TextField
          label="Weight the dose is ordered for (kg)"
          optional
          hint="Leave empty to use the weight of the verified intake."
          inputMode="decimal"
          className="field-short"
          value={value.weightKg}
          onChange={set('weightKg')}
          error={errors['prescriberOrder.weightKg']}
        />
      ) : null}
      <TextAreaField
        label="Why above the protocol’s maximum"
        optional
        hint="Only for a dose above the protocol phase’s maximum; the chart says when it is."
        rows={2}
        value={value.aboveMaxReason}
        onChange={set('aboveMaxReason')}
        error={errors['prescriberOrder.aboveMaxReason']}
      />
    </fieldset>
  );
}
