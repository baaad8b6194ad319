/**
 * The registry of sources every clinical rule cites: id -> citation. It mirrors the evidence table
 * of the clinical reference (docs/clinical-sources.md); ids are never renamed, because stored
 * records and clinic policies refer to them.
 *
 * Tags follow the reference: `GK` = general knowledge not verified against the primary source,
 * `2nd` = secondary source. A rule resting only on tagged sources must be a clinic policy default.
 */
export type EvidenceTag = 'GK' | '2nd';

export type EvidenceSource = {
  readonly id: string;
  readonly citation: string;
  readonly tags: readonly EvidenceTag[];
};

const SOURCES = [
  {
    id: 'spravato-pi',
    citation:
      'SPRAVATO (esketamine) nasal spray prescribing information (2019 and later), sections 2, 4, 5.6, 5.8',
    tags: [],
  },
  {
    id: 'spravato-rems',
    citation: 'SPRAVATO REMS program and Patient Monitoring Form (FDA REMS page; form rev. 11/2021)',
    tags: [],
  },
  {
    id: 'apa-consensus-2017',
    citation:
      'Sanacora G et al. A consensus statement on the use of ketamine in the treatment of mood disorders. JAMA Psychiatry 2017;74(4):399-405. doi:10.1001/jamapsychiatry.2017.0080',
    tags: [],
  },
  {
    id: 'andrade-2017',
    citation:
      'Andrade C. Ketamine for depression, 4: in what dose, at what rate, by what route, for how long, and at what frequency? J Clin Psychiatry 2017;78(7):e852-7',
    tags: [],
  },
  {
    id: 'yale-bp-2024',
    citation:
      'Blood pressure changes during IV ketamine for depression (138 patients, 2,342 infusions). Gen Hosp Psychiatry 2024. doi:10.1016/j.genhosppsych.2024.07.001',
    tags: [],
  },
  {
    id: 'parikh-2021',
    citation:
      'Parikh et al. Ketamine clinic primer (assessment, dosing, safety monitoring). Psychopharmacol Bull 2021;51(3):109-124',
    tags: [],
  },
  {
    id: 'askp3-2020',
    citation: 'ASKP3 Standards of Practice in the Therapeutic Use of Subanesthetic Ketamine (2020)',
    tags: [],
  },
  {
    id: 'kroenke-2001-phq9',
    citation: 'Kroenke K, Spitzer RL, Williams JB. The PHQ-9. J Gen Intern Med 2001;16:606-613',
    tags: [],
  },
  {
    id: 'spitzer-2006-gad7',
    citation:
      'Spitzer RL et al. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166:1092-7',
    tags: [],
  },
  {
    id: 'cssrs-screener',
    citation:
      'Columbia-Suicide Severity Rating Scale, Screener (recent, with triage), Columbia Lighthouse Project; Posner K et al. Am J Psychiatry 2011',
    tags: [],
  },
  {
    id: 'montgomery-1979-madrs',
    citation:
      'Montgomery SA, Asberg M. A new depression scale designed to be sensitive to change. Br J Psychiatry 1979;134:382-9',
    tags: [],
  },
  {
    id: 'rush-2003-qids',
    citation: 'Rush AJ et al. The 16-item QIDS. Biol Psychiatry 2003;54:573-83',
    tags: [],
  },
  {
    id: 'chernik-1990-moaas',
    citation: 'Chernik DA et al. The OAA/S scale. J Clin Psychopharmacol 1990',
    tags: [],
  },
  {
    id: 'bremner-1998-cadss',
    citation: 'Bremner JD et al. Measurement of dissociative states with the CADSS. J Trauma Stress 1998',
    tags: [],
  },
  {
    id: 'daly-2018',
    citation: 'Daly EJ et al. Esketamine for TRD, phase 2. JAMA Psychiatry 2018 (MADRS remission <= 10)',
    tags: [],
  },
  {
    id: 'aspire-2023',
    citation: 'ASPIRE post hoc analysis, BMC Psychiatry 2023;23:587 (MADRS remission <= 12)',
    tags: [],
  },
  {
    id: 'mbc-phq9-remission',
    citation: 'PHQ-9 < 5 as remission: a common measurement-based-care convention; a clinic-policy default',
    tags: ['GK'],
  },
  {
    id: 'han-2016-meta',
    citation: 'Han Y et al. Neuropsychiatr Dis Treat 2016;12:2859-67 (24 h response 52.2%, remission 20.6%)',
    tags: [],
  },
  {
    id: 'trd-definition',
    citation:
      'Non-response to at least two adequate antidepressant trials in the current episode (Pharmacol Rep 2020; SPRAVATO indication)',
    tags: [],
  },
  {
    id: 'devine-ibw',
    citation: 'Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm 1974 (ideal body weight formula)',
    tags: ['GK'],
  },
  { id: 'dea-1304-03', citation: '21 CFR 1304.03 (persons required to keep records)', tags: [] },
  { id: 'dea-1304-04', citation: '21 CFR 1304.04 (maintenance of records and inventories)', tags: [] },
  { id: 'dea-1304-11', citation: '21 CFR 1304.11 (inventory requirements)', tags: [] },
  { id: 'dea-1304-22', citation: '21 CFR 1304.22(c) (records for dispensers)', tags: [] },
  { id: 'dea-1301-75', citation: '21 CFR 1301.75(b) (physical security: storage)', tags: [] },
  {
    id: 'dea-1301-76',
    citation:
      '21 CFR 1301.76(b) (theft or significant loss: notice in 1 business day, Form 106 within 45 days)',
    tags: [],
  },
  {
    id: 'dea-form-41',
    citation: 'DEA Form 41, destruction of controlled substances (two witnesses)',
    tags: [],
  },
  {
    id: 'medwatch-3500',
    citation:
      'FDA MedWatch Form 3500 (voluntary report of a serious adverse event); field list a starting point for a clinic-editable form',
    tags: ['GK'],
  },
  {
    id: 'dea-form-106',
    citation:
      'DEA Form 106, report of theft or loss of controlled substances; field list a starting point for a clinic-editable form',
    tags: ['GK'],
  },
  {
    id: 'onc-170-315-d',
    citation: 'ONC certification criteria 45 CFR 170.315(d)(1)-(13)',
    tags: [],
  },
  {
    id: 'cfr-part-11',
    citation: '21 CFR Part 11 (11.10(e) audit trails, 11.50 signature manifestations)',
    tags: [],
  },
  {
    id: 'nsduh-2020',
    citation: 'NIMH Major Depression statistics from NSDUH 2020 (21.0 million adults, 8.4%)',
    tags: [],
  },
  {
    id: 'nsduh-2021',
    citation:
      'NIMH Major Depression statistics from NSDUH 2021 (8.3%; women 10.3%, men 6.2%; ages 18-25 18.6%)',
    tags: [],
  },
  {
    id: 'lifeline-988',
    citation: '988 Suicide & Crisis Lifeline (call or text 988; live since 16 July 2022)',
    tags: [],
  },
  {
    id: 'samhsa-helpline',
    citation:
      'SAMHSA National Helpline 1-800-662-4357, TTY 1-800-487-4889, or text your ZIP code to 435748 (HELP4U) (free, confidential, 24/7, English and Spanish; SAMHSA helpline page)',
    tags: [],
  },
] as const satisfies readonly EvidenceSource[];

export type EvidenceId = (typeof SOURCES)[number]['id'];

export const EVIDENCE = Object.freeze(
  Object.fromEntries(SOURCES.map((source): [string, EvidenceSource] => [source.id, source])),
) as Readonly<Record<EvidenceId, EvidenceSource>>;

export const EVIDENCE_IDS: readonly EvidenceId[] = SOURCES.map((source) => source.id);

export function isEvidenceId(id: string): id is EvidenceId {
  return Object.hasOwn(EVIDENCE, id);
}

/**
 * Where a clinical rule comes from. `clinicPolicy: true` marks a default that no verified source
 * fixes: it is shown as such and a clinic admin may change it.
 */
export type Provenance = {
  readonly evidence: readonly EvidenceId[];
  readonly clinicPolicy?: boolean;
};

/** True when every cited source is general knowledge or secondary, so the rule must be a policy. */
export function restsOnlyOnUnverifiedSources(evidence: readonly EvidenceId[]): boolean {
  return evidence.every((id) => EVIDENCE[id].tags.length > 0);
}
