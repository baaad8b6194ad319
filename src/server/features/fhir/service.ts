import type { Observation, Patient, Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes';
import { INSTRUMENT_IDS, INSTRUMENTS, isInstrumentId } from '../../../domain/instruments/index.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { OBSERVATION_SERIES, seriesFor, seriesValue, toObservation } from './observation.ts';
import { FhirError } from './outcome.ts';
import { mrnSystem, toFhirPatient } from './patient.ts';
import { LOINC, toQuestionnaire } from './questionnaire.ts';
import { toQuestionnaireResponse } from './questionnaire-response.ts';
import {
  type DateBound,
  isUuid,
  type ParamValues,
  type ParsedSearch,
  parseDate,
  parseToken,
  referenceId,
  tokenMatches,
} from './search-params.ts';
import {
  type AndOr,
  findPatientRow,
  findResponseRow,
  type ResponseSearch,
  searchObservationRows,
  searchPatientRows,
  searchResponseRows,
} from './store.ts';

export type Found<T> = { resources: T[]; total: number };

type ResourceType = 'Patient' | 'QuestionnaireResponse' | 'Observation';

function notFound(type: string, id: string): FhirError {
  return new FhirError('not-found', `${type}/${id} is not known to this clinic.`, 'not-found');
}

/** One audit record per patient-related resource returned: reads are audited per record, not per query. */
async function auditReads(
  ctx: Ctx,
  type: ResourceType,
  interaction: 'read' | 'search-type',
  resources: readonly { id?: string | undefined; patientId: string }[],
): Promise<void> {
  await audit(
    ctx.db,
    ctx,
    ...resources.map((r) => ({
      action: 'read' as const,
      entityType: `fhir:${type}`,
      entityId: r.id ?? null,
      patientId: r.patientId,
      details: { interaction },
    })),
  );
}

function values(search: ParsedSearch, name: string): ParamValues {
  return search.params.get(name) ?? [];
}

function dates(
  search: ParsedSearch,
  names: string[],
  options: { dateOnly?: boolean } = {},
): AndOr<DateBound> {
  return names.flatMap((name) =>
    values(search, name).map((group) => group.map((v) => parseDate(name, v, options))),
  );
}

/** Reference values that cannot name one of our patients (another type, not a UUID) match nothing. */
function patientIds(search: ParsedSearch): AndOr<string> {
  return values(search, 'patient').map((group) =>
    group.map((v) => referenceId(v, 'Patient')).filter((id): id is string => id !== undefined && isUuid(id)),
  );
}

/* Patient */

export async function readFhirPatient(ctx: Ctx, id: string): Promise<Patient> {
  const row = isUuid(id) ? await findPatientRow(ctx.db, ctx.orgId, id) : undefined;
  if (!row) throw notFound('Patient', id);
  await auditReads(ctx, 'Patient', 'read', [{ id: row.id, patientId: row.id }]);
  return toFhirPatient(row, ctx.orgId);
}

export async function searchFhirPatients(ctx: Ctx, search: ParsedSearch): Promise<Found<Patient>> {
  const system = mrnSystem(ctx.orgId);
  const mrns = values(search, 'identifier').map((group) =>
    group.flatMap((v): (string | 'any')[] => {
      const token = parseToken(v);
      if (token.system === null || (token.system !== undefined && token.system !== system)) return [];
      return [token.code ?? 'any'];
    }),
  );
  const page = await searchPatientRows(
    ctx.db,
    ctx.orgId,
    {
      mrns,
      names: values(search, 'name'),
      birthDate: dates(search, ['birthdate'], { dateOnly: true }),
      lastUpdated: dates(search, ['_lastUpdated']),
    },
    search.count,
    search.offset,
  );
  await auditReads(
    ctx,
    'Patient',
    'search-type',
    page.rows.map((r) => ({ id: r.id, patientId: r.id })),
  );
  return { resources: page.rows.map((r) => toFhirPatient(r, ctx.orgId)), total: page.total };
}

/* Questionnaire: the instrument definitions, the same for every clinic, so public. */

export function readFhirQuestionnaire(id: string, base: string): Questionnaire {
  if (!isInstrumentId(id)) throw notFound('Questionnaire', id);
  return toQuestionnaire(INSTRUMENTS[id], base);
}

export function searchFhirQuestionnaires(search: ParsedSearch, base: string): Found<Questionnaire> {
  const urls = values(search, 'url');
  const matching = INSTRUMENT_IDS.filter(
    (id) =>
      INSTRUMENTS[id].enabled &&
      urls.every((group) =>
        group.some((url) => referenceId(url.split('|')[0] ?? '', 'Questionnaire') === id),
      ),
  );
  return {
    resources: matching
      .slice(search.offset, search.offset + search.count)
      .map((id) => toQuestionnaire(INSTRUMENTS[id], base)),
    total: matching.length,
  };
}

/* QuestionnaireResponse */

export async function readFhirQuestionnaireResponse(
  ctx: Ctx,
  id: string,
  base: string,
): Promise<QuestionnaireResponse> {
  const row = isUuid(id) ? await findResponseRow(ctx.db, ctx.orgId, id) : undefined;
  if (!row) throw notFound('QuestionnaireResponse', id);
  await auditReads(ctx, 'QuestionnaireResponse', 'read', [{ id: row.id, patientId: row.patient_id }]);
  return toQuestionnaireResponse(row, base);
}

export async function searchFhirQuestionnaireResponses(
  ctx: Ctx,
  search: ParsedSearch,
  base: string,
): Promise<Found<QuestionnaireResponse>> {
  const q: ResponseSearch = {
    patientIds: patientIds(search),
    // A canonical may carry a version (`url|version`); the instrument id is the last path segment.
    instruments: values(search, 'questionnaire').map((group) =>
      group.map((v) => referenceId(v.split('|')[0] ?? '', 'Questionnaire')).filter((id) => id !== undefined),
    ),
    completed: dates(search, ['authored', '_lastUpdated']),
  };
  const page = await searchResponseRows(ctx.db, ctx.orgId, q, search.count, search.offset);
  await auditReads(
    ctx,
    'QuestionnaireResponse',
    'search-type',
    page.rows.map((r) => ({ id: r.id, patientId: r.patient_id })),
  );
  return { resources: page.rows.map((r) => toQuestionnaireResponse(r, base)), total: page.total };
}

/* Observation: derived from responses, one per total with a LOINC code, plus PHQ-9 item 9 */

const OBSERVATION_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-([a-z0-9]+)$/i;

export async function readFhirObservation(ctx: Ctx, id: string): Promise<Observation> {
  const m = OBSERVATION_ID.exec(id);
  const row = m ? await findResponseRow(ctx.db, ctx.orgId, m[1] as string) : undefined;
  const series = row && m ? seriesFor(row.instrument, m[2] as string) : undefined;
  const value = row && series ? seriesValue(series, row) : null;
  if (!row || !series || value === null) throw notFound('Observation', id);
  await auditReads(ctx, 'Observation', 'read', [{ id, patientId: row.patient_id }]);
  return toObservation(series, row, value);
}

export async function searchFhirObservations(ctx: Ctx, search: ParsedSearch): Promise<Found<Observation>> {
  const codes = values(search, 'code').map((group) => group.map(parseToken));
  const series = OBSERVATION_SERIES.filter((s) =>
    codes.every((group) => group.some((token) => tokenMatches(token, LOINC, s.code))),
  );
  const q: ResponseSearch = {
    patientIds: patientIds(search),
    instruments: [],
    completed: dates(search, ['date', '_lastUpdated']),
  };
  const page = await searchObservationRows(ctx.db, ctx.orgId, series, q, search.count, search.offset);
  const found = page.rows.flatMap((row) => {
    const s = series.find((x) => x.instrument === row.instrument && x.suffix === row.suffix);
    const value = s ? seriesValue(s, row) : null;
    return s && value !== null ? [{ row, observation: toObservation(s, row, value) }] : [];
  });
  await auditReads(
    ctx,
    'Observation',
    'search-type',
    found.map((f) => ({ id: f.observation.id, patientId: f.row.patient_id })),
  );
  const resources = found.map((f) => f.observation);
  return { resources, total: page.total };
}
