/**
 * Writes docs/clinical-sources.md from the domain code, so the document can never drift from the
 * rules the software applies: `npx tsx scripts/clinical-sources.ts`.
 */
import fs from 'node:fs';
import { DOSING_RULES, WEIGHT_BASIS_RULES } from '../src/domain/dosing/index.ts';
import { DEFAULT_ELIGIBILITY_RULE_SET } from '../src/domain/eligibility/index.ts';
import { EVIDENCE } from '../src/domain/evidence.ts';
import { INSTRUMENTS } from '../src/domain/instruments/index.ts';
import {
  DEFAULT_AFTER_SESSION_MEASURES,
  DEFAULT_ALERT_THRESHOLDS,
  DEFAULT_DISCHARGE_INSTRUCTIONS,
  DEFAULT_PRE_DOSE_GATES,
  DEFAULT_VITALS_SCHEDULES,
  DISCHARGE_SCORES,
  DISSOCIATION_RATING,
  MOAAS,
  PREGNANCY_TEST_GATE,
  TOLERABILITY_RULE,
  VITALS_BEFORE_DISCHARGE,
} from '../src/domain/monitoring/index.ts';
import { DEFAULT_OUTCOME_POLICY, MADRS_REMISSION_ASPIRE_2023 } from '../src/domain/outcomes/index.ts';
import { DEFAULT_PROTOCOLS } from '../src/domain/protocols/index.ts';
import { MEDWATCH_FORM } from '../src/domain/rems/medwatch.ts';
import {
  BP_AFTER_DOSE,
  BP_INCREASE,
  DEFAULT_REMS_ADVERSE_EFFECTS,
  PREFILL_FROM_PREVIOUS,
  REMS_FORM_DUE_DAYS,
  RESPIRATORY_DEPRESSION,
  SEDATION_DISSOCIATION,
} from '../src/domain/rems/monitoring-form.ts';

/** Every object with `evidence` under `value`, labelled by its own words. */
function provenanced(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) provenanced(v, out);
  else if (value && typeof value === 'object') {
    const r = value as Record<string, unknown>;
    if (Array.isArray(r.evidence)) {
      const label = [r.title, r.text, r.description, r.note, r.name].find((x) => typeof x === 'string') as
        | string
        | undefined;
      if (label) out.push(`- ${label} — ${basis(r as Provenance)}`);
    }
    for (const [key, v] of Object.entries(r)) if (key !== 'evidence') provenanced(v, out);
  }
  return out;
}

type Provenance = { evidence: readonly string[]; clinicPolicy?: boolean };
const basis = (p: Provenance) =>
  [p.evidence.map((id) => `\`${id}\``).join(', '), p.clinicPolicy ? '**clinic policy**' : '']
    .filter(Boolean)
    .join('; ') || '—';

const lines: string[] = [
  '# Clinical sources',
  '',
  'Every clinical rule, threshold and default in Ketaflow, with its source (an id from the table at the end)',
  'or marked as a **clinic policy**: a default that no primary source backs. Generated from the code by',
  '`npx tsx scripts/clinical-sources.ts`; do not edit by hand.',
  '',
  'Clinic policies an admin changes on the Clinic settings page: MADRS remission (≤ 10 or ≤ 12), the MADRS',
  'item-10 suicide-risk threshold, the paging delay for unacknowledged alerts, and the questionnaire link',
  'lifetime. The PHQ-9 item-9 rule (any answer above "not at all") is a policy too, but it is already the',
  'most sensitive setting possible, so Ketaflow offers no way to make it less sensitive.',
  '',
  '## Instruments',
  '',
];
for (const d of Object.values(INSTRUMENTS)) {
  lines.push(`### ${d.name} (\`${d.id}\`)`, '');
  lines.push(`- Rated by: ${d.rater}. Time frame: ${d.timeFrame}.`);
  lines.push(`- Scoring: ${d.scoring.description} — ${basis(d.scoring)}`);
  for (const band of d.bands) lines.push(`- ${band.min}–${band.max}: ${band.label} — ${basis(band)}`);
  if (d.suicideRisk)
    lines.push(`- Suicide-risk answer: ${d.suicideRisk.description} — ${basis(d.suicideRisk)}`);
  if (d.loinc.panel || d.loinc.total) {
    lines.push(
      `- LOINC: ${[d.loinc.panel && `panel ${d.loinc.panel.code}`, d.loinc.total && `total ${d.loinc.total.code}`].filter(Boolean).join(', ')}`,
    );
  }
  lines.push(`- Licence: ${d.licence.note}${d.licence.copyright ? ` (${d.licence.copyright})` : ''}`);
  lines.push(
    `- Ships ${d.licence.shipsText ? 'with its wording' : 'without its wording: the clinic loads a text pack'}${d.enabled ? '' : '; disabled until then'}.`,
  );
  lines.push('');
}
const p = DEFAULT_OUTCOME_POLICY;
lines.push('## Outcomes', '');
lines.push('- Baseline: the last score on or before the first treatment.');
lines.push(`- Response: ${p.response.description} — ${basis(p.response)}`);
for (const [id, rule] of Object.entries(p.remission))
  lines.push(`- Remission (${id}): ${rule.description} — ${basis(rule)}`);
lines.push(
  `- Remission (madrs, alternative): ${MADRS_REMISSION_ASPIRE_2023.description} — ${basis(MADRS_REMISSION_ASPIRE_2023)}`,
);
lines.push(`- Sustained response: ${p.sustainedResponse.description} — ${basis(p.sustainedResponse)}`);
lines.push(`- Relapse: ${p.relapse.description} — ${basis(p.relapse)}`);
lines.push('');
lines.push('## Eligibility rules', '');
lines.push(
  `Rule set \`${DEFAULT_ELIGIBILITY_RULE_SET.id}\` version ${DEFAULT_ELIGIBILITY_RULE_SET.version}. The software suggests; a prescriber decides and signs.`,
  '',
);
for (const rule of DEFAULT_ELIGIBILITY_RULE_SET.rules) {
  lines.push(
    `- **${rule.severity}** ${rule.title} (${rule.routes.join(', ')}): ${rule.reason} — ${basis(rule as Provenance)}`,
  );
}
lines.push('');
lines.push('## Dosing', '');
lines.push(...provenanced(DOSING_RULES), ...provenanced(WEIGHT_BASIS_RULES), '');
for (const protocol of DEFAULT_PROTOCOLS) {
  lines.push(`## Protocol: ${protocol.name} (\`${protocol.id}\` v${protocol.version})`, '');
  lines.push(...provenanced(protocol), '');
}
lines.push('## Session monitoring', '');
lines.push(
  ...provenanced(
    Object.entries(DEFAULT_PRE_DOSE_GATES).map(([route, g]) => ({
      ...g,
      note: `Pre-dose blood pressure gate (${route}): ${g.note}`,
    })),
  ),
  ...provenanced(
    Object.entries(DEFAULT_VITALS_SCHEDULES).map(([route, s]) => ({
      ...s,
      note: `Vitals schedule (${route}): ${s.note}`,
    })),
  ),
  ...provenanced(DEFAULT_ALERT_THRESHOLDS.map((t) => ({ ...t, text: `Alert: ${t.text}` }))),
  `- Sedation: MOAA/S 0–5 — ${basis(MOAAS)}`,
  `- Dissociation: a clinic-defined 0–4 rating until a clinic loads CADSS-6 — ${basis(DISSOCIATION_RATING)}`,
  `- Vital signs within ${VITALS_BEFORE_DISCHARGE.withinMin} min before discharge — ${basis(VITALS_BEFORE_DISCHARGE)}`,
  ...provenanced(DISCHARGE_SCORES),
  `- Tolerability for the next-dose suggestion: ${TOLERABILITY_RULE.text} — ${basis(TOLERABILITY_RULE)}`,
  `- A positive pregnancy test at check-in holds the dose for a prescriber's decision (as eligibility's \`${PREGNANCY_TEST_GATE.eligibilityRuleId}\` rule) — ${basis(PREGNANCY_TEST_GATE)}`,
  `- After-session questionnaires: ${DEFAULT_AFTER_SESSION_MEASURES.instruments.join(', ')}, ${DEFAULT_AFTER_SESSION_MEASURES.hoursAfter} h after discharge — ${basis(DEFAULT_AFTER_SESSION_MEASURES)}`,
  ...provenanced(
    Object.entries(DEFAULT_DISCHARGE_INSTRUCTIONS).flatMap(([route, list]) =>
      list.map((i) => ({ ...i, text: `Discharge instruction (${route}): ${i.text}` })),
    ),
  ),
  '',
);
lines.push('## Esketamine REMS monitoring form and serious adverse events', '');
lines.push(
  ...provenanced([
    REMS_FORM_DUE_DAYS,
    PREFILL_FROM_PREVIOUS,
    {
      ...DEFAULT_REMS_ADVERSE_EFFECTS,
      note: `Adverse-effect section: ${DEFAULT_REMS_ADVERSE_EFFECTS.items.map((i) => i.label).join(', ')}`,
    },
    {
      ...BP_INCREASE,
      note: `Blood-pressure increase: a rise of ≥ ${BP_INCREASE.systolicRiseMmHg} mmHg systolic or ≥ ${BP_INCREASE.diastolicRiseMmHg} mmHg diastolic over the pre-dose reading`,
    },
    {
      ...BP_AFTER_DOSE,
      note: `Blood pressure at ${BP_AFTER_DOSE.minutes} min after the dose: the reading nearest to it, within ${BP_AFTER_DOSE.windowMin} min`,
    },
    SEDATION_DISSOCIATION,
    RESPIRATORY_DEPRESSION,
    MEDWATCH_FORM,
  ]),
  '',
);
lines.push('## Suicide-risk safety loop', '');
lines.push(
  '- Crisis resources shown to whoever gives a suicide-risk answer: 988 (call or text) and 911 — `lifeline-988`; the clinic number from settings.',
);
lines.push(
  '- A C-SSRS Screener result of high pages the on-call contact at once — `cssrs-screener` (high risk calls for immediate evaluation).',
);
lines.push(
  '- Any other alert pages when unacknowledged after 60 minutes — **clinic policy** (Clinic settings).',
);
lines.push('- MADRS item 10 at or above 4 is a suicide-risk answer — **clinic policy** (Clinic settings).');
lines.push(
  '- Sign-in throttling (5 failures per account, 30 per address, 15 minutes) and questionnaire link lifetime (72 hours) — **clinic policy**.',
);
lines.push('');
lines.push('## Sources', '', '| id | source |', '|---|---|');
for (const source of Object.values(EVIDENCE)) {
  const s = source as { id: string; citation: string; tags: readonly string[] };
  lines.push(`| \`${s.id}\` | ${s.citation}${s.tags.length ? ` [${s.tags.join(', ')}]` : ''} |`);
}
lines.push('');
fs.writeFileSync('docs/clinical-sources.md', lines.join('\n'));
