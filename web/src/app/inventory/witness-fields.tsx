import type { WitnessInput } from '../../api/inventory.ts';
import { TextField } from '../../components/field.tsx';

export type WitnessForm = { email: string; password: string; totp: string };
export const EMPTY_WITNESS: WitnessForm = { email: '', password: '', totp: '' };

export function toWitnessInput(w: WitnessForm): WitnessInput {
  const totp = w.totp.replace(/\s+/g, '');
  return { email: w.email.trim(), password: w.password, ...(totp ? { totp } : {}) };
}

/** After an attempt the secrets are not kept: the witness types them again, in front of the actor. */
export function clearSecrets(witnesses: WitnessForm[]): WitnessForm[] {
  return witnesses.map((w) => ({ ...w, password: '', totp: '' }));
}

type Props = {
  index: number;
  /** How many witnesses this record needs: labels number them only when there is more than one. */
  of: number;
  actorName: string;
  value: WitnessForm;
  onChange: (value: WitnessForm) => void;
  /** Field errors by path, as the server names them: `witnesses.0.password`. */
  errors: Record<string, string>;
};

/**
 * The witness signs in here, at this moment, with their own credentials: a typed name is not a
 * witness. Nothing is remembered and no session is opened for them.
 */
export function WitnessFields({ index, of, actorName, value, onChange, errors }: Props) {
  const n = of > 1 ? ` ${index + 1}` : '';
  const prefix = `witnesses.${index}`;
  const set = (key: keyof WitnessForm) => (text: string) => onChange({ ...value, [key]: text });
  const general = errors[prefix];
  return (
    <fieldset className="witness-box">
      <legend>Witness{n}: another staff member signs in here</legend>
      <p className="hint">
        Hand the device to the witness. They type <strong>their own</strong> email and password (and the
        6-digit code from their authenticator app if they use one). The witness cannot be you ({actorName})
        {of > 1 ? ' or the other witness' : ''}.
      </p>
      {general ? (
        <p className="field-error" role="alert">
          {general}
        </p>
      ) : null}
      <div className="grid-3">
        <TextField
          label={`Witness${n} email`}
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={value.email}
          onChange={set('email')}
          error={errors[`${prefix}.email`]}
        />
        <TextField
          label={`Witness${n} password`}
          type="password"
          autoComplete="off"
          value={value.password}
          onChange={set('password')}
          error={errors[`${prefix}.password`]}
        />
        <TextField
          label={`Witness${n} authenticator code`}
          optional
          inputMode="numeric"
          autoComplete="off"
          className="field-short"
          hint="Only if the witness has an authenticator app set up."
          value={value.totp}
          onChange={set('totp')}
          error={errors[`${prefix}.totp`]}
        />
      </div>
    </fieldset>
  );
}
