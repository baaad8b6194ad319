import { CheckboxField, PolicySource } from './policy-source.tsx';

export type WitnessPolicyForm = { wasteWitnessRequired: boolean; adjustmentWitnessRequired: boolean };

type Props = {
  value: WitnessPolicyForm;
  onChange: (next: WitnessPolicyForm) => void;
  errors: Record<string, string>;
};

const CLINIC_POLICY = { evidence: [], clinicPolicy: true };

/** The second person who signs in to witness a waste or a count adjustment: clinic policies, on by default. */
export function WitnessPolicySection({ value, onChange, errors }: Props) {
  return (
    <section className="card stack" aria-labelledby="witness-policy-heading">
      <h2 id="witness-policy-heading">Controlled-substance witnesses</h2>
      <p className="hint">
        Destruction of stock always needs two witnesses (DEA Form 41); these two rules are the clinic’s own.
      </p>
      <fieldset className="stack">
        <legend>Waste</legend>
        <CheckboxField
          id="policy-waste-witness"
          label="A witness signs in for every waste"
          checked={value.wasteWitnessRequired}
          onChange={(checked) => onChange({ ...value, wasteWitnessRequired: checked })}
          error={errors.wasteWitnessRequired}
        />
        <PolicySource
          provenance={CLINIC_POLICY}
          note="Waste of a partial dose is not DEA Form 41 disposal; whether it needs a witness is mostly state law, so check your state’s rules before turning it off. On by default"
        />
      </fieldset>
      <fieldset className="stack">
        <legend>Count adjustment</legend>
        <CheckboxField
          id="policy-adjustment-witness"
          label="A witness signs in for every count adjustment"
          checked={value.adjustmentWitnessRequired}
          onChange={(checked) => onChange({ ...value, adjustmentWitnessRequired: checked })}
          error={errors.adjustmentWitnessRequired}
        />
        <PolicySource
          provenance={CLINIC_POLICY}
          note="A second person confirms a correction of the ledger after a count; no federal rule asks for it. On by default"
        />
      </fieldset>
    </section>
  );
}
