import { type FormEvent, useState } from 'react';
import { api, type PatientSummary } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { RadioGroup, TextField } from '../../components/field.tsx';
import { formatDate, patientName } from '../../format.ts';

type Props = {
  value: PatientSummary | null;
  onChange: (patient: PatientSummary | null) => void;
  error?: string | undefined;
};

/** Finds the patient by name, date of birth or MRN, then one is chosen from the matches. */
export function PatientPicker({ value, onChange, error }: Props) {
  const [q, setQ] = useState('');
  const [matches, setMatches] = useState<PatientSummary[] | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);

  const search = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!q.trim()) return;
    try {
      const found = await api.searchPatients({ q: q.trim(), limit: 10, offset: 0 });
      setMatches(found.items);
      setSearchError(null);
      if (found.items.length === 1) onChange(found.items[0] ?? null);
    } catch (e) {
      setSearchError(e);
    }
  };

  if (value) {
    return (
      <div className="field">
        <p data-testid="chosen-patient">
          <strong>Patient:</strong> {patientName(value)} · {value.mrn} · born {formatDate(value.dateOfBirth)}{' '}
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => onChange(null)}
          >
            Change patient
          </button>
        </p>
      </div>
    );
  }
  const byId = new Map((matches ?? []).map((m) => [m.id, m]));
  return (
    <div className="stack">
      <div className="input-with-button">
        <TextField
          label="Find the patient"
          hint="Name, date of birth or MRN, then Search."
          type="search"
          autoComplete="off"
          value={q}
          onChange={setQ}
          error={error}
          onKeyDown={(event) => {
            // Enter searches here instead of submitting the administration form around it.
            if (event.key === 'Enter') {
              event.preventDefault();
              void search();
            }
          }}
        />
        <button type="button" className="button button-secondary" onClick={() => void search()}>
          Search
        </button>
      </div>
      <ErrorAlert error={searchError} />
      {matches && matches.length === 0 ? <p role="status">No patient matches this search.</p> : null}
      {matches && matches.length > 1 ? (
        <RadioGroup
          legend="Choose the patient"
          name="patient"
          options={matches.map((m) => m.id)}
          labels={Object.fromEntries(
            matches.map((m) => [m.id, `${patientName(m)} · ${m.mrn} · born ${formatDate(m.dateOfBirth)}`]),
          )}
          value=""
          onChange={(id) => onChange(byId.get(id) ?? null)}
        />
      ) : null}
    </div>
  );
}
