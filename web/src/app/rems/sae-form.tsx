import { useEffect, useState } from 'react';
import {
  CHALLENGE_ANSWERS,
  type ChallengeAnswer,
  SAE_OUTCOME_LABELS,
  SAE_OUTCOMES,
  type SaeOutcome,
} from '../../../../src/domain/rems/medwatch.ts';
import { type MedwatchField, remsApi, type SaeInput, type SeriousAdverseEvent } from '../../api/rems.ts';
import { ClinicQuestions } from '../../components/clinic-questions.tsx';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { CheckboxGroup, RadioGroup, TextAreaField, TextField } from '../../components/field.tsx';
import { todayIso } from '../../format.ts';

const CHALLENGE_LABELS: Record<ChallengeAnswer, string> = {
  yes: 'Yes',
  no: 'No',
  unknown: 'Unknown',
  'not-applicable': 'Does not apply',
};

const SHOWN = [
  'eventDate',
  'description',
  'outcomes',
  'relevantTests',
  'weightKg',
  'dose',
  'frequency',
  'reasonForUse',
  'abatedOnStop',
  'reappearedOnRestart',
  'otherProducts',
  'reporterPhone',
];

/**
 * A serious adverse event of this session, with the MedWatch 3500 fields: patient, product and
 * reporter come from the records; the rest is typed here, with the clinic's own questions last.
 */
export function SaeForm({
  sessionId,
  onDone,
  onCancel,
}: {
  sessionId: string;
  onDone: (event: SeriousAdverseEvent) => void;
  onCancel: () => void;
}) {
  const [clinicFields, setClinicFields] = useState<MedwatchField[]>([]);
  const [eventDate, setEventDate] = useState(todayIso());
  const [description, setDescription] = useState('');
  const [outcomes, setOutcomes] = useState<SaeOutcome[]>([]);
  const [tests, setTests] = useState('');
  const [weight, setWeight] = useState('');
  const [dose, setDose] = useState('');
  const [frequency, setFrequency] = useState('');
  const [reason, setReason] = useState('');
  const [abated, setAbated] = useState<ChallengeAnswer | ''>('');
  const [reappeared, setReappeared] = useState<ChallengeAnswer | ''>('');
  const [others, setOthers] = useState('');
  const [phone, setPhone] = useState('');
  const [extra, setExtra] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrorsOf(error);

  useEffect(() => {
    remsApi.medwatchForm().then(
      (form) => setClinicFields(form.fields.filter((f) => !f.builtIn)),
      (e) => setError(e),
    );
  }, []);

  const submit = async () => {
    const body: SaeInput = {
      eventDate,
      description,
      outcomes,
      relevantTests: tests || null,
      dose: dose || null,
      frequency: frequency || null,
      reasonForUse: reason || null,
      abatedOnStop: abated,
      reappearedOnRestart: reappeared,
      otherProducts: others || null,
      reporterPhone: phone || null,
      extra: Object.fromEntries(Object.entries(extra).filter(([, v]) => v.trim())),
    };
    if (weight.trim()) body.weightKg = Number(weight);
    setBusy(true);
    try {
      onDone(await remsApi.recordSae(sessionId, body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card stack"
      aria-labelledby="sae-form-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="sae-form-heading">Record a serious adverse event</h2>
      <p className="muted">
        MedWatch Form 3500 fields (a starting list the clinic extends). Patient identifier, age, sex, the
        product, its lot and the reporter come from the records. Ketaflow does not send the report.
      </p>
      <ErrorAlert error={error} fieldsShown={SHOWN} />
      <TextField
        label="Date of the event"
        type="date"
        value={eventDate}
        onChange={setEventDate}
        error={errors.eventDate}
      />
      <TextAreaField
        label="Describe the event"
        value={description}
        onChange={setDescription}
        error={errors.description}
        maxLength={5000}
      />
      <CheckboxGroup
        legend="Outcomes attributed to the event"
        options={SAE_OUTCOMES}
        labels={SAE_OUTCOME_LABELS}
        value={outcomes}
        onChange={setOutcomes}
        error={errors.outcomes}
      />
      <TextAreaField
        label="Relevant tests and laboratory data, with dates"
        optional
        value={tests}
        onChange={setTests}
        error={errors.relevantTests}
      />
      <TextField
        label="Weight (kg)"
        optional
        inputMode="decimal"
        value={weight}
        onChange={setWeight}
        error={errors.weightKg}
      />
      <TextField
        label="Dose"
        hint="Leave empty to use the dose charted in the session."
        optional
        value={dose}
        onChange={setDose}
        error={errors.dose}
      />
      <TextField
        label="Frequency"
        optional
        value={frequency}
        onChange={setFrequency}
        error={errors.frequency}
      />
      <TextField
        label="Reason for use"
        optional
        value={reason}
        onChange={setReason}
        error={errors.reasonForUse}
      />
      <RadioGroup
        legend="Did the event abate after use stopped or the dose was reduced?"
        name="abated"
        options={CHALLENGE_ANSWERS}
        labels={CHALLENGE_LABELS}
        value={abated}
        onChange={setAbated}
        error={errors.abatedOnStop}
      />
      <RadioGroup
        legend="Did the event reappear after reintroduction?"
        name="reappeared"
        options={CHALLENGE_ANSWERS}
        labels={CHALLENGE_LABELS}
        value={reappeared}
        onChange={setReappeared}
        error={errors.reappearedOnRestart}
      />
      <TextAreaField
        label="Other medical products in use, with therapy dates"
        optional
        value={others}
        onChange={setOthers}
        error={errors.otherProducts}
      />
      <TextField
        label="Reporter’s telephone"
        hint="Leave empty for the location’s number."
        optional
        type="tel"
        value={phone}
        onChange={setPhone}
        error={errors.reporterPhone}
      />
      <ClinicQuestions questions={clinicFields} answers={extra} onChange={setExtra} errors={errors} />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          Record the event
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
