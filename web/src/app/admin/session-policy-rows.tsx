import { VITAL_SIGN_LABELS } from '../../../../src/domain/monitoring/vitals.ts';
import type { PolicyProvenance } from '../../api/settings-sessions.ts';
import { SelectField, TextField } from '../../components/field.tsx';
import { PolicySource } from './policy-source.tsx';

export type ThresholdRow = {
  key: string;
  id: string;
  sign: keyof typeof VITAL_SIGN_LABELS;
  comparison: 'at-or-above' | 'above' | 'below';
  value: string;
  text: string;
  provenance: PolicyProvenance | null;
};

export type ChecklistRow = { key: string; id: string; text: string; provenance: PolicyProvenance | null };

const COMPARISON_LABELS: Record<ThresholdRow['comparison'], string> = {
  'at-or-above': 'at or above',
  above: 'above',
  below: 'below',
};

let nextKey = 0;
/** A React key for a row the admin adds (rows have no stable id until they are named). */
export function rowKey(): string {
  nextKey += 1;
  return `row-${nextKey}`;
}

type ErrorAt = (path: string) => string | undefined;

type ThresholdRowsProps = {
  rows: ThresholdRow[];
  onChange: (rows: ThresholdRow[]) => void;
  errorAt: ErrorAt;
};

/** The alerts raised during monitoring, one editable row each. */
export function ThresholdRows({ rows, onChange, errorAt }: ThresholdRowsProps) {
  const update = (index: number, patch: Partial<ThresholdRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const add = () =>
    onChange([
      ...rows,
      {
        key: rowKey(),
        id: '',
        sign: 'systolicMmHg',
        comparison: 'at-or-above',
        value: '',
        text: '',
        provenance: null,
      },
    ]);
  return (
    <div className="stack">
      {rows.map((row, i) => {
        const at = `alertThresholds.${i}`;
        const n = i + 1;
        return (
          <fieldset key={row.key} className="card stack">
            <legend>Alert {n}</legend>
            <div className="grid-2">
              <TextField
                label={`Alert ${n} id`}
                spellCheck={false}
                value={row.id}
                onChange={(id) => update(i, { id })}
                error={errorAt(`${at}.id`)}
                hint="Lower-case letters, digits and hyphens."
              />
              <SelectField
                label={`Alert ${n} sign`}
                value={row.sign}
                onChange={(sign) => update(i, { sign: sign as ThresholdRow['sign'] })}
                error={errorAt(`${at}.sign`)}
              >
                {Object.entries(VITAL_SIGN_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={`Alert ${n} when`}
                value={row.comparison}
                onChange={(c) => update(i, { comparison: c as ThresholdRow['comparison'] })}
                error={errorAt(`${at}.comparison`)}
              >
                {Object.entries(COMPARISON_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </SelectField>
              <TextField
                label={`Alert ${n} value`}
                inputMode="decimal"
                value={row.value}
                onChange={(value) => update(i, { value })}
                error={errorAt(`${at}.value`)}
              />
            </div>
            <TextField
              label={`Alert ${n} message`}
              value={row.text}
              onChange={(text) => update(i, { text })}
              error={errorAt(`${at}.text`)}
            />
            {row.provenance ? <PolicySource provenance={row.provenance} note={row.provenance.note} /> : null}
            <div className="actions">
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
              >
                Remove alert {n}
              </button>
            </div>
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={add}>
          Add an alert threshold
        </button>
      </div>
    </div>
  );
}

type ChecklistRowsProps = {
  routeLabel: string;
  path: string;
  rows: ChecklistRow[];
  onChange: (rows: ChecklistRow[]) => void;
  errorAt: ErrorAt;
  sectionError: string | undefined;
};

/** The clinic's own discharge items for one route, on top of the protocol's criteria. */
export function ChecklistRows({
  routeLabel,
  path,
  rows,
  onChange,
  errorAt,
  sectionError,
}: ChecklistRowsProps) {
  const update = (index: number, patch: Partial<ChecklistRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="stack">
      <legend>{routeLabel}: extra discharge items</legend>
      {rows.length === 0 ? <p className="hint">None: only the protocol’s own criteria apply.</p> : null}
      {rows.map((row, i) => {
        const label = `${routeLabel} item ${i + 1}`;
        return (
          <div key={row.key} className="grid-2">
            <TextField
              label={`${label} id`}
              spellCheck={false}
              value={row.id}
              onChange={(id) => update(i, { id })}
              error={errorAt(`${path}.${i}.id`)}
            />
            <TextField
              label={`${label} text`}
              value={row.text}
              onChange={(text) => update(i, { text })}
              error={errorAt(`${path}.${i}.text`)}
            />
            <div className="actions">
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
              >
                Remove {label.toLowerCase()}
              </button>
            </div>
          </div>
        );
      })}
      {sectionError ? <p className="field-error">{sectionError}</p> : null}
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => onChange([...rows, { key: rowKey(), id: '', text: '', provenance: null }])}
        >
          Add a {routeLabel.toLowerCase()} discharge item
        </button>
      </div>
    </fieldset>
  );
}
