import { describe, expect, it } from 'vitest';
import { isEvidenceId, restsOnlyOnUnverifiedSources } from '../evidence.ts';
import {
  ESKETAMINE_SUICIDAL_IDEATION_PROTOCOL as MDSI,
  ESKETAMINE_TRD_PROTOCOL as TRD,
} from './esketamine-intranasal.ts';
import { DEFAULT_PROTOCOLS } from './index.ts';
import { IV_KETAMINE_PROTOCOL as IV } from './iv-ketamine.ts';
import { type Protocol, type ProtocolPhase, phaseEvidence } from './types.ts';
import { validateProtocol } from './validate.ts';

function phase(protocol: Protocol, id: string): ProtocolPhase {
  const found = protocol.phases.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no phase ${id}`);
  return found;
}

type Rule = { path: string; evidence: readonly string[]; clinicPolicy?: unknown };

/** Every object carrying `evidence` anywhere in a protocol. */
function rulesIn(value: unknown, path: string, out: Rule[] = []): Rule[] {
  if (Array.isArray(value)) {
    value.forEach((entry, index) => {
      rulesIn(entry, `${path}[${index}]`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.evidence))
      out.push({ path, evidence: record.evidence, clinicPolicy: record.clinicPolicy });
    for (const [key, entry] of Object.entries(record))
      if (key !== 'evidence') rulesIn(entry, `${path}.${key}`, out);
  }
  return out;
}

const RULES = DEFAULT_PROTOCOLS.flatMap((protocol) => rulesIn(protocol, protocol.id));

describe('shipped protocols', () => {
  it.each(DEFAULT_PROTOCOLS.map((protocol) => [protocol.id, protocol] as const))(
    '%s is valid',
    (_, protocol) => {
      expect(validateProtocol(protocol)).toEqual({ problems: [], warnings: [] });
    },
  );

  it('has many sourced items to check', () => {
    expect(RULES.length).toBeGreaterThan(60);
  });

  it.each(RULES.map((rule) => [rule.path, rule] as const))(
    '%s cites registered sources or is policy',
    (_, rule) => {
      for (const id of rule.evidence) expect(isEvidenceId(id), id).toBe(true);
      expect(rule.evidence.length > 0 || rule.clinicPolicy === true).toBe(true);
      if (restsOnlyOnUnverifiedSources(rule.evidence.filter(isEvidenceId)))
        expect(rule.clinicPolicy).toBe(true);
    },
  );

  it('lists each phase’s sources', () => {
    expect(phaseEvidence(phase(TRD, 'induction'))).toEqual(['spravato-pi', 'spravato-rems']);
    expect(phaseEvidence(phase(IV, 'induction'))).toEqual(
      expect.arrayContaining(['apa-consensus-2017', 'andrade-2017', 'yale-bp-2024']),
    );
  });
});

describe('IV racemic ketamine', () => {
  const induction = phase(IV, 'induction');

  it('induces with 6 infusions over 2–3 weeks, a clinic-policy default', () => {
    expect(induction.length).toMatchObject({
      value: { kind: 'sessions', sessions: 6, withinWeeks: { min: 2, max: 3 } },
      clinicPolicy: true,
    });
    expect(induction.frequency).toMatchObject({
      value: { kind: 'per-week', sessionsPerWeek: 3, choices: [2, 3] },
      clinicPolicy: true,
    });
  });

  it('starts at 0.5 mg/kg over 40 minutes (APA consensus, Andrade)', () => {
    expect(induction.dose).toMatchObject({
      value: { unit: 'mg/kg', startDose: 0.5, infusionMinutes: 40 },
      evidence: ['apa-consensus-2017', 'andrade-2017'],
    });
    expect(induction.dose.clinicPolicy).toBeUndefined();
  });

  it('titrates in steps up to 0.75 mg/kg, the most the evidence supports', () => {
    expect(induction.titrationSteps.value).toEqual([0.5, 0.75]);
    expect(induction.titrationSteps.clinicPolicy).toBe(true);
    expect(induction.maxDose).toMatchObject({ value: 0.75, evidence: ['andrade-2017'] });
    expect(induction.maxDose.clinicPolicy).toBeUndefined();
  });

  it('has monitoring, discharge rules and reviews, all policy where the reference is silent', () => {
    expect(induction.monitoring).toMatchObject({
      value: { minMinutes: 60, from: 'end-of-infusion' },
      clinicPolicy: true,
    });
    expect(induction.discharge.map((item) => item.id)).toEqual([
      'alert-and-oriented',
      'vital-signs-near-baseline',
      'dissociation-resolved',
      'responsible-adult',
      'rest-of-day',
    ]);
    expect(induction.discharge.every((item) => item.clinicPolicy === true)).toBe(true);
    expect(induction.reviews[0]).toMatchObject({ afterSession: 3, evidence: ['apa-consensus-2017'] });
  });

  it('continues with maintenance or boosters as needed', () => {
    expect(phase(IV, 'maintenance')).toMatchObject({
      length: { value: { kind: 'open-ended' } },
      frequency: { value: { kind: 'as-needed' }, clinicPolicy: true },
      dose: { value: { startDose: null } },
    });
  });

  it('steps up after 2 sessions with less than 20 % improvement: clinic policy', () => {
    expect(IV.titration.stepUp).toEqual({
      value: { afterSessions: 2, improvementBelowPercent: 20, requireTolerated: true },
      evidence: [],
      clinicPolicy: true,
    });
  });
});

describe('esketamine nasal spray for TRD', () => {
  it('is twice weekly in weeks 1–4: 56 mg on day 1, then 56 or 84 mg', () => {
    const induction = phase(TRD, 'induction');
    expect(induction.length.value).toEqual({ kind: 'weeks', weeks: 4 });
    expect(induction.frequency.value).toEqual({ kind: 'per-week', sessionsPerWeek: 2, choices: [2] });
    expect(induction.dose.value).toMatchObject({ unit: 'mg', firstSessionDose: 56, startDose: 56 });
    expect(induction.titrationSteps.value).toEqual([56, 84]);
    expect(induction.maxDose.value).toBe(84);
    for (const item of [induction.length, induction.frequency, induction.dose, induction.titrationSteps]) {
      expect(item.evidence).toContain('spravato-pi');
      expect(item.clinicPolicy).toBeUndefined();
    }
  });

  it('is weekly in weeks 5–8 and weekly or every 2 weeks from week 9', () => {
    expect(phase(TRD, 'maintenance-weeks-5-8').frequency.value).toEqual({
      kind: 'every-weeks',
      everyWeeks: 1,
      choices: [1],
    });
    expect(phase(TRD, 'maintenance-weeks-5-8').length.value).toEqual({ kind: 'weeks', weeks: 4 });
    expect(phase(TRD, 'maintenance-week-9-on').frequency.value).toEqual({
      kind: 'every-weeks',
      everyWeeks: 2,
      choices: [1, 2],
    });
  });

  it.each(TRD.phases.map((p) => [p.id, p] as const))(
    '%s: 28 mg devices, 5 minutes apart, at least 2 hours of monitoring',
    (_, p) => {
      expect(p.dose.value).toMatchObject({ deviceMg: 28, minutesBetweenDevices: 5 });
      expect(p.monitoring).toMatchObject({
        value: { minMinutes: 120, from: 'administration' },
        evidence: ['spravato-pi', 'spravato-rems'],
      });
      expect(p.discharge.map((item) => item.id)).toContain('no-driving-until-next-day');
    },
  );

  it('needs REMS patient enrolment before the first session', () => {
    expect(TRD.beforeFirstSession[0]).toMatchObject({
      id: 'rems-patient-enrolment',
      evidence: ['spravato-rems'],
    });
  });

  it('checks blood pressure before and 40 minutes after the dose, and sends the REMS form', () => {
    expect(TRD.everySession.map((item) => item.id)).toEqual(
      expect.arrayContaining([
        'blood-pressure-before-dose',
        'blood-pressure-at-40-min',
        'rems-monitoring-form',
      ]),
    );
  });
});

describe('esketamine for depression with acute suicidal ideation or behaviour', () => {
  const acute = phase(MDSI, 'acute');

  it('is 84 mg twice weekly for 4 weeks', () => {
    expect(acute.length.value).toEqual({ kind: 'weeks', weeks: 4 });
    expect(acute.frequency.value).toMatchObject({ kind: 'per-week', sessionsPerWeek: 2 });
    expect(acute.dose.value).toMatchObject({ firstSessionDose: 84, startDose: 84 });
  });

  it('reduces to 56 mg if not tolerated and never steps up (label)', () => {
    expect(MDSI.titration.stepUp.value).toBeNull();
    expect(MDSI.titration.intolerance).toMatchObject({
      value: { notTolerated: 'step-down' },
      evidence: ['spravato-pi'],
    });
    expect(MDSI.titration.intolerance.clinicPolicy).toBeUndefined();
    expect(acute.reviews[0]?.text).toMatch(/beyond 4 weeks has not been systematically evaluated/);
  });
});
