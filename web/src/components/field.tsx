import {
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

type Described = { label: ReactNode; hint?: ReactNode; error?: string | undefined; optional?: boolean };

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined || undefined;
}

function Label({ htmlFor, label, optional }: { htmlFor: string; label: ReactNode; optional?: boolean }) {
  return (
    <label htmlFor={htmlFor}>
      {label}
      {optional ? <span className="optional"> (optional)</span> : null}
    </label>
  );
}

type TextFieldProps = Described &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
    value: string;
    onChange: (value: string) => void;
    ref?: Ref<HTMLInputElement>;
  };

/** A labelled input with its hint and its error tied to it for assistive technology. */
export function TextField({
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  id,
  className,
  ref,
  ...rest
}: TextFieldProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label htmlFor={inputId} label={label} optional={optional} />
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        {...rest}
        ref={ref}
        id={inputId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={!optional && rest.required !== false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? hintId : false, error ? errorId : false)}
      />
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type SelectFieldProps = Described &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
    value: string;
    onChange: (value: string) => void;
    children: ReactNode;
  };

export function SelectField({
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  children,
  ...rest
}: SelectFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <Label htmlFor={id} label={label} optional={optional} />
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <select
        {...rest}
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? hintId : false, error ? errorId : false)}
      >
        {children}
      </select>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type CheckboxGroupProps<T extends string> = {
  legend: ReactNode;
  options: readonly T[];
  labels: Record<T, string>;
  value: readonly T[];
  onChange: (value: T[]) => void;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
};

export function CheckboxGroup<T extends string>({
  legend,
  options,
  labels,
  value,
  onChange,
  hint,
  error,
  className,
}: CheckboxGroupProps<T>) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const toggle = (option: T, checked: boolean) =>
    onChange(
      checked ? options.filter((o) => o === option || value.includes(o)) : value.filter((o) => o !== option),
    );
  return (
    <fieldset
      className={`field checkbox-group${className ? ` ${className}` : ''}`}
      aria-describedby={describedBy(hint ? hintId : false, error ? errorId : false)}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <div className="checkbox-options">
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input
              type="checkbox"
              checked={value.includes(option)}
              onChange={(e) => toggle(option, e.target.checked)}
            />
            {labels[option]}
          </label>
        ))}
      </div>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

type TextAreaFieldProps = Described &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> & {
    value: string;
    onChange: (value: string) => void;
  };

export function TextAreaField({
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  className,
  ...rest
}: TextAreaFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label htmlFor={id} label={label} optional={optional} />
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea
        {...rest}
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? hintId : false, error ? errorId : false)}
      />
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type RadioGroupProps<T extends string> = {
  legend: ReactNode;
  name: string;
  options: readonly T[];
  labels: Record<T, ReactNode>;
  value: T | '';
  onChange: (value: T) => void;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
};

/** One choice of a few, all visible: arrow keys move between the options. */
export function RadioGroup<T extends string>({
  legend,
  name,
  options,
  labels,
  value,
  onChange,
  hint,
  error,
  className,
}: RadioGroupProps<T>) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <fieldset
      className={`field radio-group${className ? ` ${className}` : ''}`}
      aria-describedby={describedBy(hint ? hintId : false, error ? errorId : false)}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <div className="radio-options">
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input
              type="radio"
              name={`${name}-${id}`}
              value={option}
              checked={value === option}
              onChange={() => onChange(option)}
            />
            {labels[option]}
          </label>
        ))}
      </div>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
