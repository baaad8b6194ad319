import type { PolicyProvenance } from '../../api/settings-sessions.ts';

/** Where a policy's value comes from, in words: the cited sources, clinic policy, or both. */
export function provenanceText(p: PolicyProvenance): string {
  const sources = p.evidence.join(', ');
  if (p.clinicPolicy) return sources ? `Clinic policy (from ${sources})` : 'Clinic policy';
  return sources ? `From ${sources}` : 'No source recorded';
}

/** The policy's provenance and its note, under its fields. */
export function PolicySource({
  provenance,
  note,
}: {
  provenance: PolicyProvenance;
  note?: string | undefined;
}) {
  return (
    <p className="hint policy-source">
      <strong>{provenanceText(provenance)}</strong>
      {note ? <>. {note}</> : null}
    </p>
  );
}

type CheckboxFieldProps = {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
  id: string;
};

/** One labelled checkbox with its server error tied to it. */
export function CheckboxField({ label, checked, onChange, error, id }: CheckboxFieldProps) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {label}
      </label>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
