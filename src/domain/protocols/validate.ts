import { isEvidenceId, type Provenance, restsOnlyOnUnverifiedSources } from '../evidence.ts';
import {
  ESKETAMINE_DEVICE_MG,
  ESKETAMINE_DOSES_MG,
  ESKETAMINE_MIN_MONITORING_MINUTES,
  ESKETAMINE_MINUTES_BETWEEN_DEVICES,
} from './esketamine-intranasal.ts';
import type { Protocol, ProtocolPhase } from './types.ts';

/** The most evidence in the reference supports for IV ketamine (andrade-2017). */
export const IV_EVIDENCE_MAX_MG_PER_KG = 0.75;
/** Beyond this an IV mg/kg is a typing mistake (the dose calculator refuses it too). */
export const IV_MAX_MG_PER_KG = 2;

export type ProtocolProblem = { readonly phaseId: string | null; readonly message: string };

export type ProtocolCheck = { readonly problems: ProtocolProblem[]; readonly warnings: string[] };

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const wholeIn = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max;

function provenanceProblem(what: string, provenance: Provenance): string | null {
  const unknown = provenance.evidence.filter((id) => !isEvidenceId(id));
  if (unknown.length > 0) return `${what} cites unknown sources: ${unknown.join(', ')}`;
  if (
    provenance.clinicPolicy !== true &&
    (provenance.evidence.length === 0 || restsOnlyOnUnverifiedSources(provenance.evidence))
  ) {
    return `${what} has no verified source, so it must be a clinic policy`;
  }
  return null;
}

function phaseProblems(protocol: Protocol, phase: ProtocolPhase, warnings: string[]): string[] {
  const problems: string[] = [];
  const add = (problem: string | null | false) => {
    if (problem) problems.push(problem);
  };
  add(!KEBAB.test(phase.id) && 'the phase id must be kebab-case');
  add(!phase.name.trim() && 'the phase name is empty');

  const length = phase.length.value;
  if (length.kind === 'sessions') {
    add(!wholeIn(length.sessions, 1, 30) && 'the number of sessions must be a whole number from 1 to 30');
    if (length.withinWeeks) {
      const { min, max } = length.withinWeeks;
      add(
        !(wholeIn(min, 1, 52) && wholeIn(max, min, 52)) && 'the span in weeks must be whole weeks, min ≤ max',
      );
    }
  } else if (length.kind === 'weeks') {
    add(!wholeIn(length.weeks, 1, 52) && 'the phase length must be a whole number of weeks from 1 to 52');
  }

  const frequency = phase.frequency.value;
  const minDays = phase.minDaysBetweenSessions.value;
  add(!wholeIn(minDays, 1, 28) && 'the minimum interval must be a whole number of days from 1 to 28');
  if (frequency.kind === 'per-week') {
    const { sessionsPerWeek, choices } = frequency;
    add(
      !(choices.length > 0 && choices.every((c) => wholeIn(c, 1, 7)) && choices.includes(sessionsPerWeek)) &&
        'sessions per week must be whole numbers from 1 to 7, the default among the choices',
    );
    const most = Math.max(...choices);
    add(
      (most - 1) * minDays > 6 && `${most} sessions a week cannot be ${minDays} days apart within one week`,
    );
    if (length.kind === 'sessions' && length.withinWeeks) {
      for (const perWeek of choices) {
        add(
          Math.ceil(length.sessions / perWeek) > length.withinWeeks.max &&
            `${length.sessions} sessions at ${perWeek} a week do not fit in ${length.withinWeeks.max} weeks`,
        );
      }
    }
  } else if (frequency.kind === 'every-weeks') {
    const { everyWeeks, choices } = frequency;
    add(
      !(choices.length > 0 && choices.every((c) => wholeIn(c, 1, 12)) && choices.includes(everyWeeks)) &&
        'the interval in weeks must be whole numbers from 1 to 12, the default among the choices',
    );
  }

  const dose = phase.dose.value;
  const steps = phase.titrationSteps.value;
  const max = phase.maxDose.value;
  const unit = protocol.route === 'iv-ketamine' ? 'mg/kg' : 'mg';
  add(dose.unit !== unit && `doses for ${protocol.route} are in ${unit}`);
  add(
    !(
      steps.length > 0 && steps.every((step, i) => step > 0 && (i === 0 || step > (steps[i - 1] as number)))
    ) && 'the titration steps must be positive and ascending',
  );
  add(
    !(max > 0 && steps.every((step) => step <= max)) &&
      'every titration step must be at most the maximum dose',
  );
  add(
    dose.startDose !== null &&
      !steps.includes(dose.startDose) &&
      'the starting dose must be a titration step',
  );
  add(
    dose.firstSessionDose !== undefined &&
      !steps.includes(dose.firstSessionDose) &&
      'the first-session dose must be a titration step',
  );
  add(
    phase.monitoring.value.minMinutes <= 0 || !Number.isInteger(phase.monitoring.value.minMinutes)
      ? 'the monitoring time must be a whole number of minutes above 0'
      : null,
  );

  if (protocol.route === 'iv-ketamine') {
    add(max > IV_MAX_MG_PER_KG && `the maximum dose must be at most ${IV_MAX_MG_PER_KG} mg/kg`);
    add(
      !(dose.infusionMinutes !== undefined && dose.infusionMinutes > 0 && dose.infusionMinutes <= 240) &&
        'the infusion time must be above 0 and at most 240 minutes',
    );
    if (max > IV_EVIDENCE_MAX_MG_PER_KG) {
      warnings.push(
        `${phase.name}: a maximum of ${max} mg/kg exceeds the evidence in the reference (up to ${IV_EVIDENCE_MAX_MG_PER_KG} mg/kg); it is clinic policy`,
      );
      add(phase.maxDose.clinicPolicy !== true && 'a maximum above 0.75 mg/kg must be a clinic policy');
    }
  } else {
    add(
      !steps.every((step) => ESKETAMINE_DOSES_MG.includes(step)) &&
        'esketamine doses are 56 or 84 mg (the label’s adult doses)',
    );
    add(
      (dose.deviceMg !== ESKETAMINE_DEVICE_MG ||
        dose.minutesBetweenDevices !== ESKETAMINE_MINUTES_BETWEEN_DEVICES) &&
        'esketamine uses 28 mg devices with a 5-minute rest after each (label)',
    );
    add(
      (phase.monitoring.value.minMinutes < ESKETAMINE_MIN_MONITORING_MINUTES ||
        phase.monitoring.value.from !== 'administration') &&
        'esketamine needs at least 120 minutes of monitoring from the dose (label and REMS)',
    );
  }

  const sourced = [
    ['the length', phase.length],
    ['the frequency', phase.frequency],
    ['the minimum interval', phase.minDaysBetweenSessions],
    ['the dose', phase.dose],
    ['the titration steps', phase.titrationSteps],
    ['the maximum dose', phase.maxDose],
    ['the monitoring time', phase.monitoring],
    ...phase.discharge.map((item) => [`discharge rule ${item.id}`, item] as const),
    ...phase.reviews.map((review) => [`the review "${review.text}"`, review] as const),
  ] as const;
  for (const [what, provenance] of sourced) add(provenanceProblem(what, provenance));
  return problems;
}

/** Problems make a protocol unusable; warnings are shown to the admin who saves it. */
export function validateProtocol(protocol: Protocol): ProtocolCheck {
  const problems: ProtocolProblem[] = [];
  const warnings: string[] = [];
  const top = (message: string) => problems.push({ phaseId: null, message });
  if (!KEBAB.test(protocol.id)) top('the protocol id must be kebab-case');
  if (!wholeIn(protocol.version, 1, Number.MAX_SAFE_INTEGER))
    top('the version must be a whole number from 1');
  if (!protocol.name.trim()) top('the protocol name is empty');
  if (protocol.phases.length === 0) top('a protocol needs at least one phase');
  const ids = protocol.phases.map((phase) => phase.id);
  if (new Set(ids).size !== ids.length) top('phase ids must be unique');
  const items = [...protocol.beforeFirstSession, ...protocol.everySession];
  for (const item of items) {
    const problem = provenanceProblem(`the requirement ${item.id}`, item);
    if (problem) top(problem);
  }
  for (const [what, rule] of [
    ['the step-up rule', protocol.titration.stepUp],
    ['the intolerance rule', protocol.titration.intolerance],
  ] as const) {
    const problem = provenanceProblem(what, rule);
    if (problem) top(problem);
  }
  const stepUp = protocol.titration.stepUp.value;
  if (
    stepUp &&
    !(
      wholeIn(stepUp.afterSessions, 1, 12) &&
      stepUp.improvementBelowPercent > 0 &&
      stepUp.improvementBelowPercent <= 100
    )
  ) {
    top('the step-up rule needs 1–12 sessions and an improvement threshold above 0 and at most 100 %');
  }
  if (
    protocol.route === 'esketamine' &&
    !protocol.beforeFirstSession.some((item) => item.id === 'rems-patient-enrolment')
  ) {
    top('esketamine needs REMS patient enrolment before the first session');
  }
  for (const phase of protocol.phases) {
    for (const message of phaseProblems(protocol, phase, warnings))
      problems.push({ phaseId: phase.id, message });
  }
  return { problems, warnings };
}
