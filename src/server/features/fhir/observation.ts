import type { Observation } from '@medplum/fhirtypes';
import { INSTRUMENT_IDS, INSTRUMENTS, type InstrumentId } from '../../../domain/instruments/index.ts';
import { LOINC } from './questionnaire.ts';
import type { ResponseRow, SeriesKey } from './store.ts';

/** One kind of Observation derived from stored responses; its id is `<responseId>-<suffix>`. */
export type ObservationSeries = SeriesKey & {
  instrument: InstrumentId;
  code: string;
  text: string;
};

/** Items worth an Observation of their own: the PHQ-9 suicide item is followed on its own. */
const ITEM_SERIES: readonly { instrument: InstrumentId; itemId: string; suffix: string }[] = [
  { instrument: 'phq9', itemId: 'q9', suffix: 'item9' },
];

function buildSeries(): ObservationSeries[] {
  const totals = INSTRUMENT_IDS.flatMap((id): ObservationSeries[] => {
    const code = INSTRUMENTS[id].loinc.total?.code;
    return code
      ? [{ suffix: 'total', instrument: id, code, text: `${INSTRUMENTS[id].shortName} total score` }]
      : [];
  });
  const items = ITEM_SERIES.flatMap((s): ObservationSeries[] => {
    const definition = INSTRUMENTS[s.instrument];
    const item = definition.items.find((i) => i.id === s.itemId);
    return item?.loinc
      ? [{ ...s, code: item.loinc.code, text: `${definition.shortName} item ${item.number}: ${item.name}` }]
      : [];
  });
  return [...totals, ...items];
}

export const OBSERVATION_SERIES: readonly ObservationSeries[] = buildSeries();

export function seriesFor(instrument: string, suffix: string): ObservationSeries | undefined {
  return OBSERVATION_SERIES.find((s) => s.instrument === instrument && s.suffix === suffix);
}

/** The value the series reads from a response, or null when it has none (no Observation then). */
export function seriesValue(series: ObservationSeries, row: ResponseRow): number | null {
  if (series.itemId === undefined) return row.total;
  return row.answers[series.itemId] ?? null;
}

export function toObservation(series: ObservationSeries, row: ResponseRow, value: number): Observation {
  const at = row.completed_at.toISOString();
  const isTotal = series.itemId === undefined;
  return {
    resourceType: 'Observation',
    id: `${row.id}-${series.suffix}`,
    meta: { versionId: '1', lastUpdated: at },
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'survey',
            display: 'Survey',
          },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code: series.code }], text: series.text },
    subject: { reference: `Patient/${row.patient_id}` },
    effectiveDateTime: at,
    issued: at,
    ...(isTotal
      ? {
          valueQuantity: { value, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' },
          interpretation: [{ text: row.severity }],
        }
      : { valueInteger: value }),
    derivedFrom: [{ reference: `QuestionnaireResponse/${row.id}` }],
  };
}
