import { sameData } from '../same-data.ts';
import type {
  Frequency,
  IntoleranceRule,
  PhaseLength,
  Protocol,
  ProtocolItem,
  ProtocolPhase,
  Sourced,
  StepUpRule,
} from './types.ts';
import { type ProtocolProblem, validateProtocol } from './validate.ts';

/** What a clinic admin may change in one phase. */
export type PhaseEdit = {
  readonly sessions?: number;
  readonly withinWeeks?: { readonly min: number; readonly max: number };
  readonly weeks?: number;
  readonly sessionsPerWeek?: number;
  readonly sessionsPerWeekChoices?: readonly number[];
  readonly everyWeeks?: number;
  readonly minDaysBetweenSessions?: number;
  readonly startDose?: number;
  readonly infusionMinutes?: number;
  readonly titrationSteps?: readonly number[];
  readonly maxDose?: number;
  readonly monitoringMinutes?: number;
  readonly addDischarge?: readonly { readonly id: string; readonly text: string }[];
  /** Only clinic-policy discharge rules can be removed. */
  readonly removeDischarge?: readonly string[];
};

export type ProtocolEdit = {
  readonly name?: string;
  readonly phases?: Readonly<Record<string, PhaseEdit>>;
  readonly stepUp?: StepUpRule | null;
  readonly intolerance?: IntoleranceRule;
};

export type ProtocolChange =
  | { readonly ok: true; readonly protocol: Protocol; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problems: readonly ProtocolProblem[] };

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A changed value is the clinic's choice: clinic policy, keeping the sources as context. */
function changed<T>(sourced: Sourced<T>, value: T): Sourced<T> {
  return sameData(sourced.value, value) ? sourced : { ...sourced, value, clinicPolicy: true };
}

/** Edits the esketamine label fixes: the schedule's shape. Doses and monitoring are checked by value. */
const LABEL_FIXED: readonly (keyof PhaseEdit)[] = [
  'sessions',
  'withinWeeks',
  'weeks',
  'sessionsPerWeek',
  'sessionsPerWeekChoices',
  'infusionMinutes',
];

function editPhase(
  protocol: Protocol,
  phase: ProtocolPhase,
  edit: PhaseEdit,
  problems: string[],
): ProtocolPhase {
  if (protocol.route === 'esketamine') {
    for (const key of LABEL_FIXED) {
      if (edit[key] !== undefined) problems.push(`${key} is fixed by the esketamine label`);
    }
  }
  let length = phase.length;
  const lengthValue = length.value;
  if (edit.sessions !== undefined || edit.withinWeeks !== undefined) {
    if (lengthValue.kind !== 'sessions') problems.push('this phase is not a number of sessions');
    else {
      const next: PhaseLength = {
        ...lengthValue,
        sessions: edit.sessions ?? lengthValue.sessions,
        withinWeeks: edit.withinWeeks ?? lengthValue.withinWeeks,
      };
      length = changed(length, next);
    }
  }
  if (edit.weeks !== undefined) {
    if (lengthValue.kind !== 'weeks') problems.push('this phase is not a number of weeks');
    else length = changed(length, { kind: 'weeks', weeks: edit.weeks });
  }
  let frequency = phase.frequency;
  const frequencyValue = frequency.value;
  if (edit.sessionsPerWeek !== undefined || edit.sessionsPerWeekChoices !== undefined) {
    if (frequencyValue.kind !== 'per-week') problems.push('this phase is not a number of sessions a week');
    else {
      const next: Frequency = {
        kind: 'per-week',
        sessionsPerWeek: edit.sessionsPerWeek ?? frequencyValue.sessionsPerWeek,
        choices: edit.sessionsPerWeekChoices ?? frequencyValue.choices,
      };
      frequency = changed(frequency, next);
    }
  }
  if (edit.everyWeeks !== undefined) {
    if (frequencyValue.kind !== 'every-weeks') problems.push('this phase is not every so many weeks');
    else if (!frequencyValue.choices.includes(edit.everyWeeks)) {
      problems.push(`the interval must be one of ${frequencyValue.choices.join(' or ')} weeks`);
    } else {
      // A choice the source itself offers keeps the source.
      frequency = { ...frequency, value: { ...frequencyValue, everyWeeks: edit.everyWeeks } };
    }
  }
  let dose = phase.dose;
  if (edit.startDose !== undefined || edit.infusionMinutes !== undefined) {
    dose = changed(dose, {
      ...dose.value,
      ...(edit.startDose !== undefined && { startDose: edit.startDose }),
      ...(edit.infusionMinutes !== undefined && { infusionMinutes: edit.infusionMinutes }),
    });
  }
  let discharge: readonly ProtocolItem[] = phase.discharge;
  for (const id of edit.removeDischarge ?? []) {
    const item = discharge.find((candidate) => candidate.id === id);
    if (!item) problems.push(`there is no discharge rule ${id}`);
    else if (item.clinicPolicy !== true)
      problems.push(`the discharge rule ${id} rests on a source and stays`);
    else discharge = discharge.filter((candidate) => candidate.id !== id);
  }
  for (const added of edit.addDischarge ?? []) {
    if (!KEBAB.test(added.id) || discharge.some((item) => item.id === added.id)) {
      problems.push(`a new discharge rule needs a new kebab-case id, not "${added.id}"`);
    } else if (!added.text.trim()) problems.push(`the discharge rule ${added.id} has no text`);
    else
      discharge = [...discharge, { id: added.id, text: added.text.trim(), evidence: [], clinicPolicy: true }];
  }
  return {
    ...phase,
    length,
    frequency,
    minDaysBetweenSessions:
      edit.minDaysBetweenSessions === undefined
        ? phase.minDaysBetweenSessions
        : changed(phase.minDaysBetweenSessions, edit.minDaysBetweenSessions),
    dose,
    titrationSteps:
      edit.titrationSteps === undefined
        ? phase.titrationSteps
        : changed(phase.titrationSteps, edit.titrationSteps),
    maxDose: edit.maxDose === undefined ? phase.maxDose : changed(phase.maxDose, edit.maxDose),
    monitoring:
      edit.monitoringMinutes === undefined
        ? phase.monitoring
        : changed(phase.monitoring, { ...phase.monitoring.value, minMinutes: edit.monitoringMinutes }),
    discharge,
  };
}

function checked(protocol: Protocol, problems: ProtocolProblem[]): ProtocolChange {
  const check = validateProtocol(protocol);
  const all = [...problems, ...check.problems];
  return all.length > 0 ? { ok: false, problems: all } : { ok: true, protocol, warnings: check.warnings };
}

/**
 * A clinic admin's edit: the next version of the same protocol. Changed values become clinic
 * policy; what the esketamine label fixes (the schedule's shape, 56/84 mg, 28 mg devices, at least
 * 2 hours of monitoring) cannot be edited away.
 */
export function editProtocol(protocol: Protocol, edit: ProtocolEdit): ProtocolChange {
  const problems: ProtocolProblem[] = [];
  for (const phaseId of Object.keys(edit.phases ?? {})) {
    if (!protocol.phases.some((phase) => phase.id === phaseId)) {
      problems.push({ phaseId, message: 'there is no such phase' });
    }
  }
  const phases = protocol.phases.map((phase) => {
    const phaseEdit = edit.phases?.[phase.id];
    if (!phaseEdit) return phase;
    const phaseProblems: string[] = [];
    const next = editPhase(protocol, phase, phaseEdit, phaseProblems);
    for (const message of phaseProblems) problems.push({ phaseId: phase.id, message });
    return next;
  });
  const { stepUp, intolerance } = protocol.titration;
  const next: Protocol = {
    ...protocol,
    version: protocol.version + 1,
    name: edit.name === undefined ? protocol.name : edit.name.trim(),
    phases,
    titration: {
      stepUp: edit.stepUp === undefined ? stepUp : changed(stepUp, edit.stepUp),
      intolerance: edit.intolerance === undefined ? intolerance : changed(intolerance, edit.intolerance),
    },
  };
  if (problems.length === 0 && sameData({ ...next, version: protocol.version }, protocol)) {
    problems.push({ phaseId: null, message: 'the edit changes nothing' });
  }
  return checked(next, problems);
}

/** A clinic's own copy to edit: version 1 of a new protocol that remembers its origin. */
export function copyProtocol(
  source: Protocol,
  copy: { readonly id: string; readonly name: string },
): ProtocolChange {
  const problems: ProtocolProblem[] = [];
  if (copy.id === source.id) problems.push({ phaseId: null, message: 'a copy needs an id of its own' });
  return checked(
    {
      ...source,
      id: copy.id,
      name: copy.name.trim(),
      version: 1,
      basedOn: { id: source.id, version: source.version },
    },
    problems,
  );
}
