import type { Vitals, VitalsAlertThreshold } from '../../../domain/monitoring/index.ts';
import {
  BP_AFTER_DOSE,
  CONCOMITANT_MEDICATIONS,
  doseOnForm,
  PREFILL_FROM_PREVIOUS,
  REMS_FORM_DUE_DAYS,
  REMS_SUBMIT_HOW,
  RESPIRATORY_DEPRESSION,
  remsFormDueBy,
  remsFormStatus,
  sexOnForm,
  usDate,
} from '../../../domain/rems/monitoring-form.ts';
import { END_KIND_WORDS } from '../sessions/service.ts';
import { adverseEffectsSection } from './form-adverse-effects.ts';
import {
  answer,
  bp,
  checksOf,
  type FieldSource,
  type FormFacts,
  type FormField,
  type FormSection,
  hasBp,
  type RemsForm,
  yesNo,
} from './form-types.ts';

export type { FieldSource, FormFacts, FormField, FormSection, RemsForm } from './form-types.ts';

function localTime(iso: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

function withinThresholds(vitals: Vitals, thresholds: readonly VitalsAlertThreshold[]): boolean {
  return thresholds.every((t) => {
    const value = vitals[t.sign];
    if (value === undefined) return true;
    if (t.comparison === 'below') return value >= t.value;
    if (t.comparison === 'above') return value <= t.value;
    return value < t.value;
  });
}

/** The REMS Patient Monitoring Form of one signed esketamine session, every value with its source. */
export function buildRemsForm(facts: FormFacts): RemsForm {
  const { record, view, answers } = facts;
  const tz = record.location.timeZone;
  const { pre, post } = checksOf(view);
  const admin = view.administration;
  const firstDevice = admin ? Date.parse(admin.deviceTimes?.[0] ?? admin.startedAt) : null;
  const prefilled: string[] = [];

  const carried = (
    key: string,
    label: string,
    fallback?: { value: string | null; source: FieldSource },
  ): FormField => {
    const own = answer(answers, key);
    if (own !== undefined && own !== null && own !== '') {
      return { key, label, value: display(own), source: 'staff', required: true };
    }
    const before =
      facts.previous && PREFILL_FROM_PREVIOUS.keys.includes(key)
        ? answer(facts.previous.answers, key)
        : undefined;
    if (before !== undefined && before !== null && before !== '') {
      prefilled.push(key);
      return {
        key,
        label,
        value: display(before),
        source: 'previous-session',
        required: true,
        detail: 'From the previous form: confirm it still holds',
      };
    }
    return { key, label, required: true, ...(fallback ?? { value: null, source: 'none' }) };
  };

  const preBp = pre.filter(hasBp).at(-1);
  const postBp = post.filter(hasBp);
  const target = firstDevice === null ? null : firstDevice + BP_AFTER_DOSE.minutes * 60_000;
  const around40 =
    target === null
      ? undefined
      : postBp
          .filter((c) => Math.abs(c.at - target) <= BP_AFTER_DOSE.windowMin * 60_000)
          .sort((a, b) => Math.abs(a.at - target) - Math.abs(b.at - target))[0];
  const lastPost = post.filter((c) => Object.keys(c.vitals).length > 0).at(-1);
  // A session that ended without a discharge (transferred, left against advice) ends its monitoring
  // then: the form says so instead of leaving the end of monitoring blank.
  const ending = view.ending;
  const endedBy = ending ? endedInWords(ending, tz) : null;
  const dischargedAt = view.discharge.dischargedAt
    ? Date.parse(view.discharge.dischargedAt)
    : ending
      ? Date.parse(ending.at)
      : null;
  const durationMin =
    firstDevice !== null && dischargedAt !== null ? Math.round((dischargedAt - firstDevice) / 60_000) : null;
  const readyToLeave = answer(answers, 'minutesUntilReadyToLeave');
  const spo2 = post.map((c) => c.vitals.spo2Percent).filter((v): v is number => v !== undefined);
  const thresholds = view.policies.alertThresholds;

  const sections: FormSection[] = [
    {
      id: 'patient',
      title: 'Patient',
      evidence: ['spravato-rems'],
      fields: [
        {
          key: 'patient.firstName',
          label: 'First name',
          value: record.givenName.split(/\s+/)[0] ?? '',
          source: 'patient-record',
          required: true,
        },
        {
          key: 'patient.middleInitial',
          label: 'Middle initial',
          value: record.givenName.split(/\s+/)[1]?.charAt(0) ?? null,
          source: 'patient-record',
          required: false,
        },
        {
          key: 'patient.lastName',
          label: 'Last name',
          value: record.familyName,
          source: 'patient-record',
          required: true,
        },
        {
          key: 'patient.dateOfBirth',
          label: 'Date of birth (MM/DD/YYYY)',
          value: usDate(record.dateOfBirth),
          source: 'patient-record',
          required: true,
        },
        {
          key: 'patient.sex',
          label: 'Sex (M/F/Other)',
          value: sexOnForm(record.sexAtBirth),
          source: 'patient-record',
          required: true,
        },
        {
          key: 'patient.firstTreatment',
          label: 'First treatment?',
          value: yesNo(facts.firstTreatment),
          source: 'note',
          required: false,
          detail: facts.firstTreatment
            ? 'No earlier esketamine session is charted: submit the Patient Enrollment Form too'
            : 'Earlier esketamine sessions are charted',
        },
        {
          key: 'patient.enrolled',
          label: 'Enrolled in the REMS?',
          value: yesNo(facts.enrolment !== null),
          source: 'clinic-record',
          required: false,
          ...(facts.enrolment?.reference
            ? { detail: `Enrolment reference ${facts.enrolment.reference}` }
            : {}),
        },
      ],
    },
    {
      id: 'concomitant-medications',
      title: 'Concomitant medications',
      evidence: ['spravato-rems'],
      note: `Today’s medications as charted at check-in: ${view.checkIn.checklist.medicationsToday}`,
      fields: CONCOMITANT_MEDICATIONS.map((m) => carried(`concomitant.${m.key}`, m.label)),
    },
    {
      id: 'provider',
      title: 'Provider conducting monitoring',
      evidence: ['spravato-rems'],
      note: 'The clinician who signed the session note.',
      fields: [
        {
          key: 'provider.firstName',
          label: 'First name',
          value: facts.provider?.name.split(/\s+/)[0] ?? null,
          source: 'note',
          required: true,
        },
        {
          key: 'provider.lastName',
          label: 'Last name',
          value: facts.provider?.name.split(/\s+/).slice(1).join(' ') || null,
          source: 'note',
          required: true,
        },
        carried('providerPhone', 'Telephone', {
          value: record.location.phone,
          source: record.location.phone ? 'clinic-record' : 'none',
        }),
        {
          key: 'provider.email',
          label: 'Email',
          value: facts.provider?.email ?? null,
          source: 'clinic-record',
          required: true,
        },
      ],
    },
    {
      id: 'setting',
      title: 'Healthcare setting',
      evidence: ['spravato-rems'],
      fields: [
        {
          key: 'setting.name',
          label: 'Name',
          value: record.location.name,
          source: 'clinic-record',
          required: true,
        },
        {
          key: 'setting.address1',
          label: 'Address 1',
          value: record.location.addressLine1,
          source: 'clinic-record',
          required: true,
        },
        {
          key: 'setting.address2',
          label: 'Address 2',
          value: record.location.addressLine2,
          source: 'clinic-record',
          required: false,
        },
        {
          key: 'setting.city',
          label: 'City',
          value: record.location.city,
          source: 'clinic-record',
          required: true,
        },
        {
          key: 'setting.state',
          label: 'State',
          value: record.location.state,
          source: 'clinic-record',
          required: true,
        },
        {
          key: 'setting.zip',
          label: 'ZIP',
          value: record.location.postalCode,
          source: 'clinic-record',
          required: true,
        },
      ],
    },
    {
      id: 'session',
      title: 'Session',
      evidence: ['spravato-rems'],
      fields: [
        {
          key: 'session.treatmentDate',
          label: 'Treatment date (MM/DD/YYYY)',
          value: usDate(record.treatmentDate),
          source: 'note',
          required: true,
        },
        {
          key: 'session.dose',
          label: 'Dose (56 mg / 84 mg / Other)',
          value: admin ? doseOnForm(admin.doseMg) : null,
          source: 'note',
          required: true,
        },
        {
          key: 'session.lotNumber',
          label: 'Lot number',
          value: admin?.lotNumber ?? null,
          source: 'note',
          required: true,
        },
        {
          key: 'session.devices',
          label: 'Device times',
          value: admin?.deviceTimes?.map((t) => localTime(Date.parse(t), tz)).join(', ') ?? null,
          source: 'note',
          required: false,
        },
      ],
    },
    {
      id: 'duration',
      title: 'Duration of monitoring',
      evidence: ['spravato-rems', 'spravato-pi'],
      note: 'The patient must be monitored for at least 2 hours.',
      fields: [
        {
          key: 'duration.totalMinutes',
          label: 'Total minutes from the first device to the end of monitoring (discharge)',
          value: durationMin === null ? null : String(durationMin),
          source: 'note',
          required: true,
          ...(endedBy ? { detail: `Monitoring ended without a discharge: ${endedBy}` } : {}),
        },
        {
          key: 'minutesUntilReadyToLeave',
          label:
            'REMS evaluation: if there was not a 2-hour minimum, minutes from the start until ready to leave',
          ...(display(readyToLeave) === null && endedBy
            ? { value: `Not ready to leave: ${endedBy}`, source: 'note' as const }
            : {
                value: display(readyToLeave),
                source: readyToLeave === undefined ? ('none' as const) : ('staff' as const),
              }),
          required: false,
        },
      ],
    },
    {
      id: 'vital-signs',
      title: 'Vital signs',
      evidence: ['spravato-rems', 'spravato-pi'],
      note: 'Acceptable range: before administration, the pre-dose gate; before completion, the clinic’s alert thresholds (clinic policy).',
      fields: [
        {
          key: 'vitals.acceptableBefore',
          label: 'In acceptable range before administration?',
          value: preBp ? yesNo(view.gate.status === 'clear') : null,
          source: 'note',
          required: true,
          ...(view.gate.status === 'proceed-decided'
            ? {
                detail: `Above the gate; a prescriber decided to proceed: ${view.gate.decisions.at(-1)?.reason ?? ''}`,
              }
            : {}),
        },
        {
          key: 'vitals.acceptableAtCompletion',
          label: 'In acceptable range before session completion?',
          value: lastPost ? yesNo(withinThresholds(lastPost.vitals, thresholds)) : null,
          source: 'note',
          required: true,
        },
        {
          key: 'bp.before',
          label: 'Blood pressure before administration (mmHg)',
          value: bp(preBp),
          source: 'note',
          required: true,
        },
        {
          key: 'bp.at40',
          label: 'Blood pressure 40 min after administration (mmHg)',
          value: bp(around40),
          source: 'note',
          required: true,
          ...(around40 && firstDevice !== null
            ? {
                detail: `Taken at ${localTime(around40.at, tz)}, ${Math.round((around40.at - firstDevice) / 60_000)} min after the first device`,
              }
            : { detail: `No reading within ${BP_AFTER_DOSE.windowMin} min of the 40-minute mark` }),
        },
        {
          key: 'bp.beforeCompletion',
          label: 'Blood pressure before session completion (mmHg)',
          value: bp(postBp.at(-1)),
          source: 'note',
          required: true,
        },
        {
          key: 'spo2.lowest',
          label: 'Pulse oximetry: lowest SpO2 after the dose (%)',
          value: spo2.length ? String(Math.min(...spo2)) : null,
          source: 'note',
          required: false,
          detail: RESPIRATORY_DEPRESSION.note,
        },
      ],
    },
    adverseEffectsSection(facts, post, pre),
  ];

  const missing = sections.flatMap((s) =>
    s.fields.filter((f) => f.required && f.value === null).map((f) => f.key),
  );
  const dueBy = remsFormDueBy(record.treatmentDate);
  const submission = facts.submission;
  return {
    sessionId: record.id,
    patientId: record.patientId,
    treatmentDate: record.treatmentDate,
    dueBy,
    status: remsFormStatus(dueBy, record.todayLocal, submission !== undefined),
    submission: submission
      ? {
          submittedAt: submission.submittedAt.toISOString(),
          submittedBy: submission.submittedBy,
          submittedByName: submission.submittedByName,
          confirmationNumber: submission.confirmationNumber,
          recordedAt: submission.recordedAt.toISOString(),
        }
      : null,
    notice: `SPRAVATO REMS Patient Monitoring Form, prepared from the signed session note. Due within ${REMS_FORM_DUE_DAYS.value} days of the session. ${REMS_SUBMIT_HOW}`,
    evidence: ['spravato-rems'],
    sections,
    missing,
    prefilledFrom:
      facts.previous && prefilled.length ? { sessionId: facts.previous.sessionId, keys: prefilled } : null,
  };
}

/** "transferred to emergency care (City Hospital ED) at 10:40", "left against medical advice at 10:40". */
function endedInWords(ending: NonNullable<FormFacts['view']['ending']>, timeZone: string): string {
  const where = ending.kind === 'transferred' && ending.destination ? ` (${ending.destination})` : '';
  return `${END_KIND_WORDS[ending.kind]}${where} at ${localTime(Date.parse(ending.at), timeZone)}`;
}

function display(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (value === 'yes') return 'Yes';
  if (value === 'no') return 'No';
  return String(value);
}
