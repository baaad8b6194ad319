import { useState } from 'react';
import { type RemsAnswers, type RemsForm, remsApi, type YesNo } from '../../api/rems.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { RadioGroup, TextField } from '../../components/field.tsx';

const YES_NO = ['yes', 'no'] as const;
const YES_NO_LABELS: Record<YesNo, string> = { yes: 'Yes', no: 'No' };

const toYesNo = (value: string | null | undefined): YesNo | '' =>
  value === 'Yes' ? 'yes' : value === 'No' ? 'no' : '';

/**
 * What staff answer because the note does not hold it: concomitant medications, the telephone, the
 * minutes until ready to leave and the clinic's own adverse-effect items. Values carried from the
 * previous form show as chosen; saving confirms them.
 */
export function FormAnswers({ form, onSaved }: { form: RemsForm; onSaved: (form: RemsForm) => void }) {
  const all = form.sections.flatMap((s) => s.fields);
  const concomitant = form.sections.find((s) => s.id === 'concomitant-medications')?.fields ?? [];
  const clinicItems = (form.sections.find((s) => s.id === 'adverse-effects')?.fields ?? []).filter(
    (f) => f.source === 'none' || f.source === 'staff',
  );
  const initial = (key: string) => toYesNo(all.find((f) => f.key === key)?.value);
  const [meds, setMeds] = useState<Record<string, YesNo | ''>>(
    Object.fromEntries(concomitant.map((f) => [f.key, toYesNo(f.value)])),
  );
  const [items, setItems] = useState<Record<string, YesNo | ''>>(
    Object.fromEntries(clinicItems.map((f) => [f.key, initial(f.key)])),
  );
  const [phone, setPhone] = useState(all.find((f) => f.key === 'providerPhone')?.value ?? '');
  const [minutes, setMinutes] = useState(all.find((f) => f.key === 'minutesUntilReadyToLeave')?.value ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrorsOf(error);

  const save = async () => {
    const body: RemsAnswers = {
      concomitant: Object.fromEntries(
        Object.entries(meds)
          .filter(([, v]) => v)
          .map(([k, v]) => [k.replace('concomitant.', ''), v as YesNo]),
      ),
      adverseEffects: Object.fromEntries(
        Object.entries(items)
          .filter(([, v]) => v)
          .map(([k, v]) => [k.replace('adverseEffects.', ''), v as YesNo]),
      ),
      providerPhone: phone.trim() || null,
      minutesUntilReadyToLeave: minutes.trim() === '' ? null : Number(minutes),
    };
    setBusy(true);
    try {
      onSaved(await remsApi.saveAnswers(form.sessionId, body));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card stack"
      aria-labelledby="rems-answers-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="rems-answers-heading">Answers the note does not hold</h2>
      <ErrorAlert error={error} fieldsShown={['providerPhone', 'minutesUntilReadyToLeave']} />
      {concomitant.map((f) => (
        <RadioGroup
          key={f.key}
          legend={`Concomitant medication: ${f.label}`}
          name={f.key}
          options={YES_NO}
          labels={YES_NO_LABELS}
          value={meds[f.key] ?? ''}
          onChange={(v) => setMeds((m) => ({ ...m, [f.key]: v }))}
          {...(f.source === 'previous-session' ? { hint: 'From the previous form: confirm.' } : {})}
        />
      ))}
      {clinicItems.map((f) => (
        <RadioGroup
          key={f.key}
          legend={`Adverse effect: ${f.label}`}
          name={f.key}
          options={YES_NO}
          labels={YES_NO_LABELS}
          value={items[f.key] ?? ''}
          onChange={(v) => setItems((m) => ({ ...m, [f.key]: v }))}
        />
      ))}
      <TextField
        label="Monitoring provider’s telephone"
        value={phone}
        onChange={setPhone}
        error={fields.providerPhone}
        maxLength={40}
        type="tel"
      />
      <TextField
        label="Minutes from the start until ready to leave"
        hint="Only if there was not a 2-hour minimum (the REMS evaluation question)."
        optional
        inputMode="numeric"
        value={minutes}
        onChange={setMinutes}
        error={fields.minutesUntilReadyToLeave}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          Save answers
        </button>
      </div>
    </form>
  );
}
