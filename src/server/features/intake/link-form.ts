import type { MedicalFlag, MedicationClass } from '../../../domain/eligibility/index.ts';
import { html, type Raw } from '../../http/html.ts';
import type { ConsentForm } from './consent-forms.ts';
import { type IntakeFactsFields, IntakeFactsInput } from './facts-input.ts';

/**
 * The patient's intake form: plain HTML that works without JavaScript, one label per field, yes/no
 * questions as radio groups with a legend, and errors named at the top and beside each field. Lists
 * (medicines, past antidepressants) have a fixed number of rows; blank rows are ignored.
 */

export type FormValues = Record<string, string>;
export type FormErrors = Map<string, string>;

const TRIAL_ROWS = 4;
const MEDICATION_ROWS = 6;
const OTHER_SUBSTANCE_ROWS = 2;
const OTHER_ALLERGY_ROWS = 3;

const PSYCHOSIS_QUESTIONS = [
  [
    'activePsychosis',
    'Right now, do you hear or see things other people do not, or hold beliefs that others find very unusual?',
  ],
  [
    'activeMania',
    'Right now, are you in a period of unusually high energy or mood, needing much less sleep than usual, with racing thoughts (mania)?',
  ],
  [
    'pastPsychosis',
    'In the past, have you had a time of hearing or seeing things others did not, or very unusual beliefs (psychosis)?',
  ],
  ['pastMania', 'In the past, have you had a period of mania (as described above)?'],
] as const;

const MEDICAL_QUESTIONS: readonly (readonly [MedicalFlag, string])[] = [
  [
    'heartDisease',
    'Heart disease (for example a heart attack, heart failure, angina or a heart rhythm problem)',
  ],
  ['aneurysmalVascularDiseaseOrAvm', 'An aneurysm (a bulging artery) or an arteriovenous malformation (AVM)'],
  ['intracerebralHaemorrhage', 'Bleeding in the brain'],
  ['stroke', 'A stroke or a mini-stroke (TIA)'],
  ['seizures', 'Seizures or epilepsy'],
  ['liverDisease', 'Liver disease'],
  ['bladderSymptoms', 'Bladder problems (pain, urgency, or blood when passing urine)'],
  ['raisedIntracranialPressure', 'Raised pressure inside the skull (for example after a head injury)'],
  ['raisedIntraocularPressure', 'Raised pressure in the eye (for example glaucoma)'],
  ['pregnant', 'Are you pregnant, or could you be?'],
  ['breastfeeding', 'Are you breastfeeding?'],
];

const SUBSTANCES = [
  ['ketamine', 'Ketamine (other than as a prescribed treatment)'],
  ['pcp', 'PCP (phencyclidine, “angel dust”)'],
  ['alcohol', 'Alcohol'],
  ['cannabis', 'Cannabis (marijuana)'],
] as const;

const SUBSTANCE_CHOICES = [
  ['never', 'Never used'],
  ['past-use', 'Used in the past, without a problem'],
  ['current-use', 'Use now, without a problem'],
  ['past-problem', 'Had a problem with it in the past (for example an addiction)'],
  ['current-problem', 'Have a problem with it now'],
] as const;

type SubstanceChoice = (typeof SUBSTANCE_CHOICES)[number][0];

const SUBSTANCE_MEANING: Record<
  SubstanceChoice,
  { currentUse?: boolean; disorder: 'none' | 'past' | 'current' }
> = {
  never: { currentUse: false, disorder: 'none' },
  'past-use': { currentUse: false, disorder: 'none' },
  'current-use': { currentUse: true, disorder: 'none' },
  'past-problem': { disorder: 'past' },
  'current-problem': { currentUse: true, disorder: 'current' },
};

const MEDICATION_KINDS: readonly (readonly [MedicationClass | 'unknown', string])[] = [
  ['unknown', 'I don’t know'],
  ['antidepressant', 'Antidepressant'],
  ['benzodiazepine', 'Benzodiazepine (for example lorazepam, alprazolam, clonazepam)'],
  ['other-sedative', 'Other sleeping pill or sedative'],
  ['psychostimulant', 'Stimulant (for example for ADHD)'],
  ['maoi', 'MAOI antidepressant (for example phenelzine)'],
  ['lamotrigine', 'Lamotrigine'],
  ['opioid', 'Opioid pain medicine (for example oxycodone)'],
  ['other', 'Something else'],
];

const YES_NO_UNSURE = [
  ['yes', 'Yes'],
  ['no', 'No'],
  ['unsure', 'Not sure'],
] as const;
const YES_NO = [
  ['yes', 'Yes'],
  ['no', 'No'],
] as const;

const RESPONSES = [
  ['', 'Choose'],
  ['none', 'It did not help'],
  ['partial', 'It helped a little'],
  ['response', 'It helped a lot'],
  ['remission', 'I felt well again'],
] as const;

const ADHERENCE = [
  ['', 'Choose'],
  ['good', 'As prescribed'],
  ['partial', 'Missed some doses'],
  ['poor', 'Missed many doses'],
] as const;

const EPISODE = [
  ['', 'Choose'],
  ['current', 'This time I have been depressed'],
  ['earlier', 'An earlier time'],
] as const;

const HYPERTENSION = [
  ['none', 'No'],
  ['controlled', 'Yes, and it is under control'],
  ['uncontrolled', 'Yes, and it is not under control'],
  ['unsure', 'Not sure'],
] as const;

// Renders ----------------------------------------------------------------------------------------

function errorText(errors: FormErrors, name: string): Raw | string {
  const message = errors.get(name);
  return message ? html`<p class="field-error" id="err-${name}">${message}</p>` : '';
}

function describedBy(errors: FormErrors, name: string, hint?: string): Raw | string {
  const ids = [hint ? `hint-${name}` : '', errors.has(name) ? `err-${name}` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
}

function textField(
  values: FormValues,
  errors: FormErrors,
  name: string,
  label: string,
  options: { hint?: string; inputmode?: string; autocomplete?: string; size?: 'short' | 'long' } = {},
): Raw {
  return html`<div class="field${errors.has(name) ? ' has-error' : ''}" id="f-${name}">
  <label for="${name}">${label}</label>
  ${options.hint ? html`<p class="hint" id="hint-${name}">${options.hint}</p>` : ''}
  ${errorText(errors, name)}
  <input type="text" id="${name}" name="${name}" value="${values[name] ?? ''}" class="${options.size ?? 'long'}"${
    options.inputmode ? html` inputmode="${options.inputmode}"` : ''
  } autocomplete="${options.autocomplete ?? 'off'}"${describedBy(errors, name, options.hint)}${
    errors.has(name) ? html` aria-invalid="true"` : ''
  }>
</div>`;
}

function selectField(
  values: FormValues,
  errors: FormErrors,
  name: string,
  label: string,
  choices: readonly (readonly [string, string])[],
): Raw {
  return html`<div class="field${errors.has(name) ? ' has-error' : ''}" id="f-${name}">
  <label for="${name}">${label}</label>
  ${errorText(errors, name)}
  <select id="${name}" name="${name}"${describedBy(errors, name)}${errors.has(name) ? html` aria-invalid="true"` : ''}>
    ${choices.map(
      ([value, text]) =>
        html`<option value="${value}"${(values[name] ?? '') === value ? html` selected` : ''}>${text}</option>`,
    )}
  </select>
</div>`;
}

function radioGroup(
  values: FormValues,
  errors: FormErrors,
  name: string,
  legend: string,
  choices: readonly (readonly [string, string])[],
  required: boolean,
): Raw {
  return html`<fieldset class="item${errors.has(name) ? ' has-error' : ''}" id="f-${name}"${describedBy(errors, name)}>
  <legend>${legend}${required ? html` <span class="required">(required)</span>` : ''}</legend>
  ${errorText(errors, name)}
  <div class="options inline">
    ${choices.map(
      ([value, text]) =>
        html`<label class="option"><input type="radio" name="${name}" value="${value}"${
          values[name] === value ? html` checked` : ''
        }> <span>${text}</span></label>`,
    )}
  </div>
</fieldset>`;
}

function treatmentQuestion(values: FormValues, errors: FormErrors, key: string, legend: string): Raw {
  return html`${radioGroup(values, errors, `tx_${key}`, legend, YES_NO, false)}
${textField(values, errors, `tx_${key}_details`, 'If yes: what, when, and did it help?')}`;
}

export function renderIntakeForm(
  token: string,
  values: FormValues,
  errors: FormErrors,
  consent: ConsentForm,
): Raw {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  return html`<h1>Your health history</h1>
<p>Your answers help your care team decide, with you, whether ketamine or esketamine treatment is safe and suitable for you. A clinician goes through them with you before any treatment.</p>
<p class="hint">Questions marked “required” need an answer; answer “Not sure” when you do not know. Leave anything else blank if it does not apply. This page does not save as you go: send it when you are done.</p>
${
  errors.size > 0
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="errors"><h2>Please check your answers</h2><ul>${[
        ...errors,
      ].map(([name, message]) => html`<li><a href="#f-${name}">${message}</a></li>`)}</ul></div>`
    : ''
}
<form method="post" action="/i/${token}" id="f-form" novalidate>
<section aria-labelledby="s-depression">
  <h2 id="s-depression">Your depression</h2>
  <div class="field${errors.has('diagnoses') ? ' has-error' : ''}" id="f-diagnoses">
    <label for="diagnoses">Diagnoses you have been given, one per line</label>
    ${errorText(errors, 'diagnoses')}
    <textarea id="diagnoses" name="diagnoses" rows="3"${describedBy(errors, 'diagnoses')}>${values.diagnoses ?? ''}</textarea>
  </div>
  ${textField(values, errors, 'episodeMonths', 'How many months has this time of depression lasted?', {
    inputmode: 'numeric',
    size: 'short',
    hint: 'A whole number of months, for example 8.',
  })}
</section>
<section aria-labelledby="s-trials">
  <h2 id="s-trials">Antidepressants you have taken</h2>
  <p class="hint">One medicine per row, newest first. Leave the rows blank if you have never taken one.</p>
  ${range(TRIAL_ROWS).map(
    (i) => html`<fieldset class="item row" id="f-tr${i}">
    <legend>Antidepressant ${i}</legend>
    ${textField(values, errors, `tr${i}_drug`, 'Name of the medicine')}
    ${textField(values, errors, `tr${i}_dose`, 'Highest dose (for example 150 mg a day)')}
    ${textField(values, errors, `tr${i}_weeks`, 'For how many weeks?', { inputmode: 'numeric', size: 'short' })}
    ${selectField(values, errors, `tr${i}_adherence`, 'How did you take it?', ADHERENCE)}
    ${selectField(values, errors, `tr${i}_response`, 'Did it help?', RESPONSES)}
    ${selectField(values, errors, `tr${i}_episode`, 'When did you take it?', EPISODE)}
  </fieldset>`,
  )}
</section>
<section aria-labelledby="s-treatments">
  <h2 id="s-treatments">Other treatments</h2>
  ${treatmentQuestion(values, errors, 'psychotherapy', 'Have you had talking therapy (psychotherapy)?')}
  ${treatmentQuestion(values, errors, 'ect', 'Have you had electroconvulsive therapy (ECT)?')}
  ${treatmentQuestion(values, errors, 'tms', 'Have you had transcranial magnetic stimulation (TMS)?')}
</section>
<section aria-labelledby="s-psychosis">
  <h2 id="s-psychosis">Unusual experiences and mood</h2>
  ${PSYCHOSIS_QUESTIONS.map(([key, text]) => radioGroup(values, errors, `ps_${key}`, text, YES_NO_UNSURE, true))}
</section>
<section aria-labelledby="s-substances">
  <h2 id="s-substances">Alcohol and drugs</h2>
  ${SUBSTANCES.map(([key, text]) => radioGroup(values, errors, `su_${key}`, text, SUBSTANCE_CHOICES, true))}
  ${range(OTHER_SUBSTANCE_ROWS).map(
    (i) => html`<fieldset class="item row" id="f-suo${i}">
    <legend>Another drug (optional)</legend>
    ${textField(values, errors, `suo${i}_name`, 'Which drug?')}
    ${selectField(values, errors, `suo${i}_status`, 'How do you use it?', [['', 'Choose'], ...SUBSTANCE_CHOICES])}
  </fieldset>`,
  )}
</section>
<section aria-labelledby="s-medical">
  <h2 id="s-medical">Your physical health</h2>
  ${radioGroup(values, errors, 'mh_hypertension', 'Do you have high blood pressure?', HYPERTENSION, true)}
  <p class="hint">Have you ever had:</p>
  ${MEDICAL_QUESTIONS.map(([key, text]) => radioGroup(values, errors, `mh_${key}`, text, YES_NO_UNSURE, true))}
</section>
<section aria-labelledby="s-medicines">
  <h2 id="s-medicines">Medicines you take now</h2>
  <p class="hint">Include sleeping pills, pain medicines and anything bought without a prescription. Leave the rows blank if you take none.</p>
  ${range(MEDICATION_ROWS).map(
    (i) => html`<fieldset class="item row" id="f-med${i}">
    <legend>Medicine ${i}</legend>
    ${textField(values, errors, `med${i}_name`, 'Name')}
    ${textField(values, errors, `med${i}_dose`, 'Dose (for example 1 mg at night)')}
    ${selectField(values, errors, `med${i}_kind`, 'What kind of medicine is it?', MEDICATION_KINDS)}
  </fieldset>`,
  )}
</section>
<section aria-labelledby="s-allergies">
  <h2 id="s-allergies">Allergies</h2>
  ${radioGroup(values, errors, 'al_ketamine', 'Have you ever had an allergic reaction to ketamine?', YES_NO, true)}
  ${radioGroup(values, errors, 'al_esketamine', 'Have you ever had an allergic reaction to esketamine (Spravato)?', YES_NO, true)}
  ${range(OTHER_ALLERGY_ROWS).map(
    (i) => html`<fieldset class="item row" id="f-al${i}">
    <legend>Other allergy (optional)</legend>
    ${textField(values, errors, `al${i}_name`, 'Allergic to')}
    ${textField(values, errors, `al${i}_reaction`, 'What happened?')}
  </fieldset>`,
  )}
</section>
<section aria-labelledby="s-body">
  <h2 id="s-body">Height and weight</h2>
  <p class="hint">Give each in the units you know: feet and inches or centimetres; pounds or kilograms.</p>
  <div class="pair">
    ${textField(values, errors, 'heightFt', 'Height, feet', { inputmode: 'numeric', size: 'short' })}
    ${textField(values, errors, 'heightIn', 'and inches', { inputmode: 'decimal', size: 'short' })}
    ${textField(values, errors, 'heightCm', 'or centimetres', { inputmode: 'decimal', size: 'short' })}
  </div>
  <div class="pair">
    ${textField(values, errors, 'weightLb', 'Weight, pounds', { inputmode: 'decimal', size: 'short' })}
    ${textField(values, errors, 'weightKg', 'or kilograms', { inputmode: 'decimal', size: 'short' })}
  </div>
</section>
<section aria-labelledby="s-consent">
  <h2 id="s-consent">${consent.title}</h2>
  ${consent.text.map((paragraph) => html`<p>${paragraph}</p>`)}
  <fieldset class="item${errors.has('consent') ? ' has-error' : ''}" id="f-consent"${describedBy(errors, 'consent')}>
    <legend>Your consent (optional now; you can also give it at the clinic)</legend>
    ${errorText(errors, 'consent')}
    <label class="option"><input type="checkbox" name="consent" value="yes"${values.consent === 'yes' ? html` checked` : ''}> <span>${consent.meaning}</span></label>
  </fieldset>
  ${textField(values, errors, 'printedName', 'Your full name, as your signature', { autocomplete: 'name' })}
</section>
<p><button type="submit" class="button">Send my history</button></p>
</form>
<p class="privacy">Your answers go only to your care team at the clinic. This page does not use cookies.</p>`;
}

// Parsing ----------------------------------------------------------------------------------------

export type ParsedIntakeForm = {
  facts: IntakeFactsFields | null;
  consent: { printedName: string } | null;
  errors: FormErrors;
};

/** Decimal numbers as people type them ("72", "72.5", "72,5"); null when blank. */
function parseNumber(text: string): number | null | 'invalid' {
  const cleaned = text.trim().replace(',', '.');
  if (cleaned === '') return null;
  return /^\d{1,4}(\.\d{1,2})?$/.test(cleaned) ? Number(cleaned) : 'invalid';
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export function readFormValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (!body || typeof body !== 'object') return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key.length > 40) continue;
    const text = Array.isArray(value) ? value.at(-1) : value;
    if (typeof text === 'string') values[key] = text.slice(0, 2000);
  }
  return values;
}

/** The form's fields as intake facts, or the errors keyed by field name. */
export function parseIntakeForm(values: FormValues): ParsedIntakeForm {
  const errors: FormErrors = new Map();
  const get = (name: string) => (values[name] ?? '').trim();
  const fail = (name: string, message: string) => {
    if (!errors.has(name)) errors.set(name, message);
  };
  const tooLong = (name: string, max: number) => {
    if (get(name).length > max) fail(name, `Please shorten this to ${max} characters.`);
  };
  const yesNo = (name: string, required: boolean, allowUnsure: boolean): boolean | undefined => {
    const value = get(name);
    if (value === 'yes') return true;
    if (value === 'no') return false;
    if (value === 'unsure' && allowUnsure) return undefined;
    if (required || value !== '') fail(name, 'Please choose an answer.');
    return undefined;
  };

  const diagnoses = get('diagnoses')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (diagnoses.length > 20 || diagnoses.some((d) => d.length > 200))
    fail('diagnoses', 'Please list at most 20 diagnoses of up to 200 characters each.');
  const months = parseNumber(get('episodeMonths'));
  if (months === 'invalid' || (typeof months === 'number' && (!Number.isInteger(months) || months > 1200)))
    fail('episodeMonths', 'Enter a whole number of months, for example 8.');

  const trials: NonNullable<NonNullable<IntakeFactsFields['psychiatricHistory']>['antidepressantTrials']> =
    [];
  for (let i = 1; i <= TRIAL_ROWS; i++) {
    const drug = get(`tr${i}_drug`);
    const filled = ['dose', 'weeks', 'adherence', 'response', 'episode'].some(
      (f) => get(`tr${i}_${f}`) !== '',
    );
    if (!drug) {
      if (filled) fail(`tr${i}_drug`, `Antidepressant ${i}: enter the name of the medicine.`);
      continue;
    }
    tooLong(`tr${i}_drug`, 100);
    tooLong(`tr${i}_dose`, 100);
    const weeks = parseNumber(get(`tr${i}_weeks`));
    if (weeks === 'invalid' || (typeof weeks === 'number' && weeks > 520))
      fail(`tr${i}_weeks`, `Antidepressant ${i}: enter a number of weeks, for example 8.`);
    const episode = get(`tr${i}_episode`);
    if (episode !== 'current' && episode !== 'earlier')
      fail(`tr${i}_episode`, `Antidepressant ${i}: say whether you took it this time or an earlier time.`);
    const adherence = get(`tr${i}_adherence`);
    const response = get(`tr${i}_response`);
    trials.push({
      drug,
      ...(get(`tr${i}_dose`) && { dose: get(`tr${i}_dose`) }),
      ...(typeof weeks === 'number' && { durationWeeks: weeks }),
      ...((adherence === 'good' || adherence === 'partial' || adherence === 'poor') && { adherence }),
      ...((response === 'none' ||
        response === 'partial' ||
        response === 'response' ||
        response === 'remission') && {
        response,
      }),
      currentEpisode: episode === 'current',
    });
  }

  const treatment = (key: string) => {
    const received = yesNo(`tx_${key}`, false, false);
    tooLong(`tx_${key}_details`, 500);
    const details = get(`tx_${key}_details`);
    if (received === undefined) {
      if (details) fail(`tx_${key}`, 'Please answer yes or no.');
      return undefined;
    }
    return { received, ...(details && { details }) };
  };
  const psychotherapy = treatment('psychotherapy');
  const ect = treatment('ect');
  const tms = treatment('tms');

  const psychosisOrMania: Record<string, boolean> = {};
  for (const [key] of PSYCHOSIS_QUESTIONS) {
    const answer = yesNo(`ps_${key}`, true, true);
    if (answer !== undefined) psychosisOrMania[key] = answer;
  }

  const substanceUse: NonNullable<IntakeFactsFields['substanceUse']> = [];
  const choiceOf = (name: string, required: boolean): SubstanceChoice | undefined => {
    const value = get(name);
    const known = SUBSTANCE_CHOICES.find(([choice]) => choice === value)?.[0];
    if (!known && (required || value !== '')) fail(name, 'Please choose an answer.');
    return known;
  };
  for (const [key] of SUBSTANCES) {
    const choice = choiceOf(`su_${key}`, true);
    if (choice) substanceUse.push({ substance: key, ...SUBSTANCE_MEANING[choice] });
  }
  for (let i = 1; i <= OTHER_SUBSTANCE_ROWS; i++) {
    const name = get(`suo${i}_name`);
    const choice = choiceOf(`suo${i}_status`, name !== '');
    tooLong(`suo${i}_name`, 100);
    if (choice && !name) fail(`suo${i}_name`, 'Name the drug.');
    if (name && choice) substanceUse.push({ substance: 'other', name, ...SUBSTANCE_MEANING[choice] });
  }

  const medicalHistory: Record<string, unknown> = {};
  const hypertension = get('mh_hypertension');
  if (hypertension === 'none' || hypertension === 'controlled' || hypertension === 'uncontrolled')
    medicalHistory.hypertension = hypertension;
  else if (hypertension !== 'unsure') fail('mh_hypertension', 'Please choose an answer.');
  for (const [key] of MEDICAL_QUESTIONS) {
    const answer = yesNo(`mh_${key}`, true, true);
    if (answer !== undefined) medicalHistory[key] = answer;
  }

  const medications: NonNullable<IntakeFactsFields['currentMedications']> = [];
  for (let i = 1; i <= MEDICATION_ROWS; i++) {
    const name = get(`med${i}_name`);
    const dose = get(`med${i}_dose`);
    const kind = get(`med${i}_kind`) || 'unknown';
    if (!name) {
      if (dose) fail(`med${i}_name`, `Medicine ${i}: enter its name.`);
      continue;
    }
    tooLong(`med${i}_name`, 100);
    tooLong(`med${i}_dose`, 100);
    const known = MEDICATION_KINDS.find(([value]) => value === kind)?.[0];
    if (!known) fail(`med${i}_kind`, 'Please choose from the list.');
    medications.push({
      name,
      ...(dose && { dose }),
      classes: known && known !== 'unknown' ? [known] : [],
    });
  }

  const allergies: NonNullable<IntakeFactsFields['allergies']> = [];
  if (yesNo('al_ketamine', true, false)) allergies.push({ substance: 'ketamine' });
  if (yesNo('al_esketamine', true, false)) allergies.push({ substance: 'esketamine' });
  for (let i = 1; i <= OTHER_ALLERGY_ROWS; i++) {
    const name = get(`al${i}_name`);
    const reaction = get(`al${i}_reaction`);
    tooLong(`al${i}_name`, 100);
    tooLong(`al${i}_reaction`, 200);
    if (!name) {
      if (reaction) fail(`al${i}_name`, 'Say what you are allergic to.');
      continue;
    }
    allergies.push({ substance: 'other', name, ...(reaction && { reaction }) });
  }

  const heightCm = parseHeight(get('heightFt'), get('heightIn'), get('heightCm'), fail);
  const weightKg = parseWeight(get('weightLb'), get('weightKg'), fail);

  let consent: ParsedIntakeForm['consent'] = null;
  const printedName = get('printedName');
  tooLong('printedName', 200);
  if (get('consent') === 'yes') {
    if (!/\p{L}/u.test(printedName)) fail('printedName', 'Type your full name to sign your consent.');
    else consent = { printedName };
  } else if (printedName) {
    fail('consent', 'Tick the box to consent, or clear your name if you do not consent now.');
  }

  const history = {
    ...(diagnoses.length > 0 && { diagnoses }),
    ...(typeof months === 'number' && { currentEpisodeMonths: months }),
    antidepressantTrials: trials,
    ...(psychotherapy && { psychotherapy }),
    ...(ect && { ect }),
    ...(tms && { tms }),
  };
  const candidate = {
    psychiatricHistory: history,
    psychosisOrMania,
    substanceUse,
    medicalHistory,
    currentMedications: medications,
    allergies,
    ...(heightCm !== null && { heightCm }),
    ...(weightKg !== null && { weightKg }),
  };
  if (errors.size > 0) return { facts: null, consent: null, errors };
  const parsed = IntakeFactsInput.safeParse(candidate);
  if (!parsed.success) {
    errors.set('form', parsed.error.issues.map((issue) => issue.message).join(' '));
    return { facts: null, consent: null, errors };
  }
  return { facts: parsed.data, consent, errors };
}

function parseHeight(
  feet: string,
  inches: string,
  cm: string,
  fail: (name: string, message: string) => void,
): number | null {
  const centimetres = parseNumber(cm);
  if (centimetres !== null) {
    if (centimetres === 'invalid' || centimetres < 100 || centimetres > 250) {
      fail('heightCm', 'Enter your height in centimetres, from 100 to 250.');
      return null;
    }
    return round1(centimetres);
  }
  const ft = parseNumber(feet);
  const inch = parseNumber(inches);
  if (ft === null && inch === null) return null;
  if (ft === 'invalid' || inch === 'invalid' || ft === null || !Number.isInteger(ft) || (inch ?? 0) >= 12) {
    fail('heightFt', 'Enter your height in feet and inches, for example 5 feet 7 inches.');
    return null;
  }
  const total = round1((ft * 12 + (inch ?? 0)) * 2.54);
  if (total < 100 || total > 250) {
    fail('heightFt', 'That height looks wrong: please check it.');
    return null;
  }
  return total;
}

function parseWeight(lb: string, kg: string, fail: (name: string, message: string) => void): number | null {
  const kilograms = parseNumber(kg);
  if (kilograms !== null) {
    if (kilograms === 'invalid' || kilograms < 20 || kilograms > 350) {
      fail('weightKg', 'Enter your weight in kilograms, from 20 to 350.');
      return null;
    }
    return round1(kilograms);
  }
  const pounds = parseNumber(lb);
  if (pounds === null) return null;
  const converted = pounds === 'invalid' ? Number.NaN : round1(pounds * 0.45359237);
  if (!(converted >= 20 && converted <= 350)) {
    fail('weightLb', 'Enter your weight in pounds, for example 160.');
    return null;
  }
  return converted;
}
