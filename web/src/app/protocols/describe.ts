// Protocol values in plain words, for the protocols page and the plan form.
import type {
  DoseRule,
  Frequency,
  IntoleranceRule,
  Monitoring,
  PhaseLength,
  StepUpRule,
} from '../../../../src/domain/protocols/index.ts';

export function describeLength(length: PhaseLength): string {
  if (length.kind === 'sessions') {
    const within = length.withinWeeks
      ? ` over ${length.withinWeeks.min === length.withinWeeks.max ? length.withinWeeks.min : `${length.withinWeeks.min}–${length.withinWeeks.max}`} weeks`
      : '';
    return `${length.sessions} sessions${within}`;
  }
  if (length.kind === 'weeks') return `${length.weeks} weeks`;
  return 'Open-ended';
}

export function describeFrequency(frequency: Frequency): string {
  if (frequency.kind === 'per-week') {
    const choices = frequency.choices.length > 1 ? ` (may be ${frequency.choices.join(' or ')})` : '';
    return `${frequency.sessionsPerWeek} a week${choices}`;
  }
  if (frequency.kind === 'every-weeks') {
    const every = (n: number) => (n === 1 ? 'weekly' : `every ${n} weeks`);
    const choices =
      frequency.choices.length > 1 ? ` (may be ${frequency.choices.map(every).join(' or ')})` : '';
    return `${every(frequency.everyWeeks)}${choices}`;
  }
  return 'As needed';
}

export function describeDoseRule(rule: DoseRule): string {
  const parts: string[] = [];
  if (rule.firstSessionDose !== undefined) parts.push(`first session ${rule.firstSessionDose} ${rule.unit}`);
  parts.push(
    rule.startDose === null
      ? 'continues the dose reached before'
      : `starts at ${rule.startDose} ${rule.unit}`,
  );
  if (rule.infusionMinutes) parts.push(`infused over ${rule.infusionMinutes} min`);
  if (rule.deviceMg) parts.push(`${rule.deviceMg} mg devices`);
  if (rule.minutesBetweenDevices) parts.push(`${rule.minutesBetweenDevices} min between devices`);
  return parts.join('; ');
}

export function describeMonitoring(monitoring: Monitoring): string {
  const from = monitoring.from === 'end-of-infusion' ? 'the end of the infusion' : 'the dose';
  return `At least ${monitoring.minMinutes} min from ${from}`;
}

export function describeStepUp(rule: StepUpRule | null): string {
  if (!rule) return 'Never suggests a step up';
  return `One step up after ${rule.afterSessions} sessions with less than ${rule.improvementBelowPercent} % improvement${rule.requireTolerated ? ', if tolerated' : ''}`;
}

export function describeIntolerance(rule: IntoleranceRule): string {
  const notTolerated = rule.notTolerated === 'step-down' ? 'one step down' : 'stay, no step up';
  const severe = rule.severeReaction === 'step-down' ? 'one step down (hold at the lowest)' : 'hold';
  return `Not tolerated: ${notTolerated}. Severe reaction: ${severe}`;
}

export const ROUTE_LABELS = {
  'iv-ketamine': 'IV racemic ketamine',
  esketamine: 'Esketamine nasal spray',
} as const;
