import { BP_INCREASE, SEDATION_DISSOCIATION } from '../../../domain/rems/monitoring-form.ts';
import {
  answer,
  bp,
  type Check,
  type FormFacts,
  type FormField,
  type FormSection,
  hasBp,
  yesNo,
} from './form-types.ts';

/** The adverse-effect items: the note answers the built-in ones, staff the clinic's own. */
export function adverseEffectsSection(facts: FormFacts, post: Check[], pre: Check[]): FormSection {
  const { view } = facts;
  const events = view.entries.filter((e) => e.kind === 'adverse-event').map((e) => e.data);
  const lowSpo2 = view.policies.alertThresholds.find(
    (t) => t.sign === 'spo2Percent' && t.comparison === 'below',
  );
  const preBp = pre.filter(hasBp).at(-1);
  const staffAnswers = (answer(facts.answers, 'adverseEffects') ?? {}) as Record<string, string>;
  const fields = facts.adverseEffectItems.map((item): FormField => {
    const derived = deriveAdverseEffect(item.key);
    if (derived)
      return {
        key: `adverseEffects.${item.key}`,
        label: item.label,
        required: true,
        source: 'note',
        ...derived,
      };
    const given = staffAnswers[item.key];
    return {
      key: `adverseEffects.${item.key}`,
      label: item.label,
      required: true,
      value: given === 'yes' ? 'Yes' : given === 'no' ? 'No' : null,
      source: given ? 'staff' : 'none',
    };
  });
  return {
    id: 'adverse-effects',
    title: 'Adverse effects during the session',
    fields,
    evidence: ['spravato-rems', ...SEDATION_DISSOCIATION.evidence, ...BP_INCREASE.evidence],
    clinicPolicy: true,
    note: 'The list is the clinic’s, aligned with its current copy of the form. Items the note answers are filled from it; the rest are answered by staff.',
  };

  function deriveAdverseEffect(key: string): { value: string; detail: string } | null {
    switch (key) {
      case 'sedation': {
        const lowest = Math.min(...post.filter((c) => c.moaas !== undefined).map((c) => c.moaas as number));
        if (!Number.isFinite(lowest)) return { value: 'No', detail: 'No MOAA/S charted after the dose' };
        return { value: yesNo(lowest < 5), detail: `Lowest MOAA/S after the dose: ${lowest}` };
      }
      case 'dissociation': {
        const highest = Math.max(
          ...post.filter((c) => c.dissociation !== undefined).map((c) => c.dissociation as number),
        );
        if (!Number.isFinite(highest))
          return { value: 'No', detail: 'No dissociation rating charted after the dose' };
        return {
          value: yesNo(highest > 0),
          detail: `Highest dissociation rating after the dose: ${highest} (0–4)`,
        };
      }
      case 'respiratory-depression': {
        const readings = post.map((c) => c.vitals.spo2Percent).filter((v): v is number => v !== undefined);
        const lowest = readings.length ? Math.min(...readings) : null;
        const below = lowest !== null && lowSpo2 !== undefined && lowest < lowSpo2.value;
        const charted = events.some((e) => e.event === 'low-spo2');
        return {
          value: yesNo(below || charted),
          detail: `${lowest === null ? 'No SpO2 charted after the dose' : `Lowest SpO2 after the dose: ${lowest} %`}${charted ? '; low-SpO2 event charted' : ''}`,
        };
      }
      case 'blood-pressure-increase': {
        const peak = post
          .filter(hasBp)
          .reduce<Check | undefined>(
            (max, c) =>
              !max || (c.vitals.systolicMmHg as number) > (max.vitals.systolicMmHg as number) ? c : max,
            undefined,
          );
        const rise =
          preBp &&
          post
            .filter(hasBp)
            .some(
              (c) =>
                (c.vitals.systolicMmHg as number) - (preBp.vitals.systolicMmHg as number) >=
                  BP_INCREASE.systolicRiseMmHg ||
                (c.vitals.diastolicMmHg as number) - (preBp.vitals.diastolicMmHg as number) >=
                  BP_INCREASE.diastolicRiseMmHg,
            );
        const charted = events.some((e) => e.event === 'hypertension');
        const alerted = view.alerts.some(
          (a) => a.thresholdId.startsWith('systolic') || a.thresholdId.startsWith('diastolic'),
        );
        return {
          value: yesNo(Boolean(rise) || charted || alerted),
          detail: `Pre-dose ${bp(preBp) ?? 'not charted'}; highest after the dose ${bp(peak) ?? 'not charted'} (a rise of ${BP_INCREASE.systolicRiseMmHg}/${BP_INCREASE.diastolicRiseMmHg} mmHg or more, a blood-pressure alert or a charted hypertension event counts)`,
        };
      }
      case 'other': {
        const others = events.filter((e) => e.event !== 'low-spo2' && e.event !== 'hypertension');
        return {
          value: yesNo(others.length > 0),
          detail: others.length
            ? others
                .map((e) => `${e.event}${e.description ? ` (${e.description})` : ''}, ${e.severity}`)
                .join('; ')
            : 'No other adverse event charted',
        };
      }
      case 'serious-adverse-event': {
        const saes = facts.seriousAdverseEvents;
        return {
          value: yesNo(saes.length > 0),
          detail: saes.length
            ? `${saes.length} recorded (MedWatch 3500 fields): ${saes.map((s) => `${s.eventDate} ${s.outcomes.join(', ')}`).join('; ')}`
            : 'None recorded for this session',
        };
      }
      default:
        return null;
    }
  }
}
