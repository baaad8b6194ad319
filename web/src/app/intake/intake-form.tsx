import type { ReactNode } from 'react';
import {
  MEDICAL_FLAG_LABELS,
  MEDICATION_CLASS_LABELS,
  type MedicationClass,
} from '../../../../src/domain/eligibility/index.ts';
import { CheckboxGroup, SelectField, TextAreaField, TextField } from '../../components/field.tsx';
import {
  type AllergyDraft,
  type HistoryDraft,
  type IntakeDraft,
  type ListDraft,
  MEDICAL_FLAGS,
  type MedicationDraft,
  PSYCHOSIS_KEYS,
  type SubstanceDraft,
  type Tri,
  type TrialDraft,
} from './intake-draft.ts';
import { FLAGGED_CLASSES } from './medication-flags.ts';

type Errors = Record<string, string>;
type Props = {
  draft: IntakeDraft;
  onChange: (next: IntakeDraft) => void;
  /** Server field errors keyed by the path below `facts` (`currentMedications.0.classes`). */
  errors: Errors;
  readOnly: boolean;
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const RESPONSE_LABELS = {
  '': 'Not recorded',
  none: 'No response',
  partial: 'Partial response',
  response: 'Response',
  remission: 'Remission',
} as const;
const ADHERENCE_LABELS = { '': 'Not recorded', good: 'Good', partial: 'Partial', poor: 'Poor' } as const;
const PSYCHOSIS_LABELS = {
  activePsychosis: 'Active psychosis',
  activeMania: 'Active mania',
  pastPsychosis: 'Past psychosis',
  pastMania: 'Past mania',
} as const;
const SUBSTANCE_LABELS = {
  ketamine: 'Ketamine',
  pcp: 'PCP',
  alcohol: 'Alcohol',
  cannabis: 'Cannabis',
  other: 'Other',
} as const;
const DISORDER_LABELS = {
  none: 'No use disorder',
  past: 'Past use disorder',
  current: 'Current use disorder',
} as const;
const HYPERTENSION_LABELS = {
  '': 'Not asked',
  none: 'No',
  controlled: 'Yes, controlled',
  uncontrolled: 'Yes, uncontrolled',
} as const;
const ALLERGY_LABELS = { ketamine: 'Ketamine', esketamine: 'Esketamine', other: 'Other' } as const;
const CLASSES = Object.keys(MEDICATION_CLASS_LABELS) as MedicationClass[];
const CLASS_LABELS = Object.fromEntries(
  CLASSES.map((c) => [c, capital(MEDICATION_CLASS_LABELS[c])]),
) as Record<MedicationClass, string>;

function Options<T extends string>({ labels }: { labels: Record<T, string> }) {
  return (
    <>
      {(Object.keys(labels) as T[]).map((value) => (
        <option key={value} value={value}>
          {labels[value]}
        </option>
      ))}
    </>
  );
}

/** Yes, no, or not asked: an unanswered question is never read as "no". */
function TriField({
  label,
  value,
  onChange,
  error,
}: {
  label: ReactNode;
  value: Tri;
  onChange: (v: Tri) => void;
  error?: string | undefined;
}) {
  return (
    <SelectField label={label} value={value} onChange={(v) => onChange(v as Tri)} error={error}>
      <option value="">Not asked</option>
      <option value="yes">Yes</option>
      <option value="no">No</option>
    </SelectField>
  );
}

function ListRows<T>({
  legend,
  what,
  list,
  onChange,
  blank,
  error,
  readOnly,
  children,
}: {
  legend: string;
  what: string;
  list: ListDraft<T>;
  onChange: (next: ListDraft<T>) => void;
  blank: T;
  error: string | undefined;
  readOnly: boolean;
  children: (row: T, index: number, set: (row: T) => void) => ReactNode;
}) {
  const set = (index: number) => (row: T) =>
    onChange({ ...list, rows: list.rows.map((r, i) => (i === index ? row : r)) });
  return (
    <fieldset className="form-group intake-list">
      <legend>{legend}</legend>
      {error ? <p className="field-error">{error}</p> : null}
      {list.rows.length === 0 ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={list.asked}
            onChange={(e) => onChange({ ...list, asked: e.target.checked })}
          />
          Asked: none
        </label>
      ) : null}
      {list.rows.map((row, index) => (
        <fieldset
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; the server names them by index
          key={index}
          className="intake-row"
        >
          <legend>
            {what} {index + 1}
          </legend>
          <div className="grid-3">{children(row, index, set(index))}</div>
          {readOnly ? null : (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => onChange({ asked: true, rows: list.rows.filter((_, i) => i !== index) })}
            >
              Remove {what.toLowerCase()} {index + 1}
            </button>
          )}
        </fieldset>
      ))}
      {readOnly ? null : (
        <div className="actions">
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => onChange({ asked: true, rows: [...list.rows, blank] })}
          >
            Add {what.toLowerCase()}
          </button>
        </div>
      )}
    </fieldset>
  );
}

function HistoryFields({
  name,
  value,
  onChange,
  errors,
  prefix,
}: {
  name: string;
  value: HistoryDraft;
  onChange: (v: HistoryDraft) => void;
  errors: Errors;
  prefix: string;
}) {
  return (
    <fieldset className="intake-row">
      <legend>{name}</legend>
      <div className="grid-3">
        <TriField
          label="Received"
          value={value.received}
          onChange={(received) => onChange({ ...value, received })}
          error={errors[`${prefix}.received`]}
        />
        <TextField
          label="Details"
          optional
          value={value.details}
          onChange={(details) => onChange({ ...value, details })}
          error={errors[`${prefix}.details`]}
        />
        <SelectField
          label="Response"
          value={value.response}
          onChange={(v) => onChange({ ...value, response: v as HistoryDraft['response'] })}
        >
          <Options labels={RESPONSE_LABELS} />
        </SelectField>
      </div>
    </fieldset>
  );
}

/** The structured history a clinician reviews: every part the eligibility rules read. */
export function IntakeForm({ draft, onChange, errors, readOnly }: Props) {
  const set = <K extends keyof IntakeDraft>(key: K, value: IntakeDraft[K]) =>
    onChange({ ...draft, [key]: value });
  const ph = 'psychiatricHistory';
  return (
    <fieldset disabled={readOnly} className="intake-form stack">
      <legend className="visually-hidden">Intake history</legend>
      <fieldset className="form-group">
        <legend>Psychiatric history</legend>
        <div className="grid-3">
          <TextAreaField
            label="Diagnoses"
            hint="One per line."
            optional
            rows={3}
            value={draft.diagnoses}
            onChange={(v) => set('diagnoses', v)}
            error={errors[`${ph}.diagnoses`]}
          />
          <TextField
            label="Current episode, months"
            optional
            inputMode="numeric"
            value={draft.episodeMonths}
            onChange={(v) => set('episodeMonths', v)}
            error={errors[`${ph}.currentEpisodeMonths`]}
          />
          <TriField
            label="Acute suicidal ideation or behaviour"
            value={draft.acuteSuicidalIdeation}
            onChange={(v) => set('acuteSuicidalIdeation', v)}
          />
        </div>
      </fieldset>
      <ListRows<TrialDraft>
        legend="Antidepressant trials"
        what="Trial"
        list={draft.trials}
        onChange={(v) => set('trials', v)}
        blank={{
          drug: '',
          dose: '',
          weeks: '',
          adherence: '',
          response: '',
          currentEpisode: true,
          adequate: '',
        }}
        error={errors[`${ph}.antidepressantTrials`]}
        readOnly={readOnly}
      >
        {(row, i, setRow) => {
          const at = `${ph}.antidepressantTrials.${i}`;
          return (
            <>
              <TextField
                label="Drug"
                value={row.drug}
                onChange={(drug) => setRow({ ...row, drug })}
                error={errors[`${at}.drug`]}
              />
              <TextField
                label="Dose"
                optional
                value={row.dose}
                onChange={(dose) => setRow({ ...row, dose })}
                error={errors[`${at}.dose`]}
              />
              <TextField
                label="Duration, weeks"
                optional
                inputMode="decimal"
                value={row.weeks}
                onChange={(weeks) => setRow({ ...row, weeks })}
                error={errors[`${at}.durationWeeks`]}
              />
              <SelectField
                label="Adherence"
                value={row.adherence}
                onChange={(v) => setRow({ ...row, adherence: v as TrialDraft['adherence'] })}
              >
                <Options labels={ADHERENCE_LABELS} />
              </SelectField>
              <SelectField
                label="Response"
                value={row.response}
                onChange={(v) => setRow({ ...row, response: v as TrialDraft['response'] })}
              >
                <Options labels={RESPONSE_LABELS} />
              </SelectField>
              <SelectField
                label="Episode"
                value={row.currentEpisode ? 'current' : 'earlier'}
                onChange={(v) => setRow({ ...row, currentEpisode: v === 'current' })}
              >
                <option value="current">Current episode</option>
                <option value="earlier">An earlier episode</option>
              </SelectField>
              <TriField
                label="Adequate dose and duration (prescriber’s judgement)"
                value={row.adequate}
                onChange={(adequate) => setRow({ ...row, adequate })}
                error={errors[`${at}.adequate`]}
              />
            </>
          );
        }}
      </ListRows>
      <fieldset className="form-group">
        <legend>Psychotherapy, ECT and TMS</legend>
        <HistoryFields
          name="Psychotherapy"
          value={draft.psychotherapy}
          onChange={(v) => set('psychotherapy', v)}
          errors={errors}
          prefix={`${ph}.psychotherapy`}
        />
        <HistoryFields
          name="ECT"
          value={draft.ect}
          onChange={(v) => set('ect', v)}
          errors={errors}
          prefix={`${ph}.ect`}
        />
        <HistoryFields
          name="TMS"
          value={draft.tms}
          onChange={(v) => set('tms', v)}
          errors={errors}
          prefix={`${ph}.tms`}
        />
      </fieldset>
      <fieldset className="form-group">
        <legend>Psychosis or mania</legend>
        <div className="grid-4">
          {PSYCHOSIS_KEYS.map((key) => (
            <TriField
              key={key}
              label={PSYCHOSIS_LABELS[key]}
              value={draft.psychosis[key]}
              onChange={(v) => set('psychosis', { ...draft.psychosis, [key]: v })}
            />
          ))}
        </div>
      </fieldset>
      <ListRows<SubstanceDraft>
        legend="Substance use"
        what="Substance"
        list={draft.substances}
        onChange={(v) => set('substances', v)}
        blank={{ substance: 'other', name: '', currentUse: '', disorder: 'none' }}
        error={errors.substanceUse}
        readOnly={readOnly}
      >
        {(row, i, setRow) => (
          <>
            <SelectField
              label="Substance"
              value={row.substance}
              onChange={(v) => setRow({ ...row, substance: v as SubstanceDraft['substance'] })}
            >
              <Options labels={SUBSTANCE_LABELS} />
            </SelectField>
            <TextField
              label="Name (for other)"
              optional
              value={row.name}
              onChange={(name) => setRow({ ...row, name })}
              error={errors[`substanceUse.${i}.name`]}
            />
            <TriField
              label="Uses it now"
              value={row.currentUse}
              onChange={(currentUse) => setRow({ ...row, currentUse })}
            />
            <SelectField
              label="Use disorder"
              value={row.disorder}
              onChange={(v) => setRow({ ...row, disorder: v as SubstanceDraft['disorder'] })}
            >
              <Options labels={DISORDER_LABELS} />
            </SelectField>
          </>
        )}
      </ListRows>
      <fieldset className="form-group">
        <legend>Medical history</legend>
        <div className="grid-4">
          <SelectField
            label="Hypertension"
            value={draft.hypertension}
            onChange={(v) => set('hypertension', v as IntakeDraft['hypertension'])}
          >
            <Options labels={HYPERTENSION_LABELS} />
          </SelectField>
          {MEDICAL_FLAGS.map((flag) => (
            <TriField
              key={flag}
              label={capital(MEDICAL_FLAG_LABELS[flag])}
              value={draft.medical[flag]}
              onChange={(v) => set('medical', { ...draft.medical, [flag]: v })}
            />
          ))}
        </div>
      </fieldset>
      <ListRows<MedicationDraft>
        legend="Current medications"
        what="Medicine"
        list={draft.medications}
        onChange={(v) => set('medications', v)}
        blank={{ name: '', dose: '', classes: [] }}
        error={errors.currentMedications}
        readOnly={readOnly}
      >
        {(row, i, setRow) => {
          const flagged = row.classes.filter((c) => FLAGGED_CLASSES.includes(c));
          return (
            <>
              <TextField
                label="Name"
                value={row.name}
                onChange={(name) => setRow({ ...row, name })}
                error={errors[`currentMedications.${i}.name`]}
              />
              <TextField
                label="Dose"
                optional
                value={row.dose}
                onChange={(dose) => setRow({ ...row, dose })}
                error={errors[`currentMedications.${i}.dose`]}
              />
              <div>
                <CheckboxGroup
                  legend="Class"
                  hint="Staff classify every medicine before signing; Ketaflow does not guess."
                  options={CLASSES}
                  labels={CLASS_LABELS}
                  value={row.classes}
                  onChange={(classes) => setRow({ ...row, classes })}
                  error={errors[`currentMedications.${i}.classes`]}
                />
                {flagged.length > 0 ? (
                  <p className="med-flag">
                    <span className="badge badge-warn">Flagged</span>{' '}
                    {flagged.map((c) => MEDICATION_CLASS_LABELS[c]).join(', ')}
                  </p>
                ) : null}
              </div>
            </>
          );
        }}
      </ListRows>
      <ListRows<AllergyDraft>
        legend="Allergies"
        what="Allergy"
        list={draft.allergies}
        onChange={(v) => set('allergies', v)}
        blank={{ substance: 'other', name: '', reaction: '' }}
        error={errors.allergies}
        readOnly={readOnly}
      >
        {(row, i, setRow) => (
          <>
            <SelectField
              label="Allergic to"
              value={row.substance}
              onChange={(v) => setRow({ ...row, substance: v as AllergyDraft['substance'] })}
            >
              <Options labels={ALLERGY_LABELS} />
            </SelectField>
            <TextField
              label="Name (for other)"
              optional
              value={row.name}
              onChange={(name) => setRow({ ...row, name })}
              error={errors[`allergies.${i}.name`]}
            />
            <TextField
              label="Reaction"
              optional
              value={row.reaction}
              onChange={(reaction) => setRow({ ...row, reaction })}
              error={errors[`allergies.${i}.reaction`]}
            />
          </>
        )}
      </ListRows>
      <fieldset className="form-group">
        <legend>Height, weight and baseline vitals</legend>
        <div className="grid-3">
          <TextField
            label="Height, cm"
            optional
            inputMode="decimal"
            value={draft.heightCm}
            onChange={(v) => set('heightCm', v)}
            error={errors.heightCm}
          />
          <TextField
            label="Weight, kg"
            optional
            inputMode="decimal"
            value={draft.weightKg}
            onChange={(v) => set('weightKg', v)}
            error={errors.weightKg}
          />
        </div>
        <div className="grid-4 intake-vitals">
          <TextField
            label="Systolic BP, mmHg"
            optional
            inputMode="numeric"
            value={draft.systolicMmHg}
            onChange={(v) => set('systolicMmHg', v)}
            error={errors['baselineVitals.systolicMmHg'] ?? errors.baselineVitals}
          />
          <TextField
            label="Diastolic BP, mmHg"
            optional
            inputMode="numeric"
            value={draft.diastolicMmHg}
            onChange={(v) => set('diastolicMmHg', v)}
            error={errors['baselineVitals.diastolicMmHg']}
          />
          <TextField
            label="Heart rate, beats/min"
            optional
            inputMode="numeric"
            value={draft.heartRateBpm}
            onChange={(v) => set('heartRateBpm', v)}
            error={errors['baselineVitals.heartRateBpm']}
          />
          <TextField
            label="SpO₂, %"
            optional
            inputMode="numeric"
            value={draft.spo2Percent}
            onChange={(v) => set('spo2Percent', v)}
            error={errors['baselineVitals.spo2Percent']}
          />
        </div>
      </fieldset>
    </fieldset>
  );
}
