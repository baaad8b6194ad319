import type { Resource } from '@medplum/fhirtypes';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { appUrl } from '../../http/app-url.ts';
import type { Access } from '../../http/auth.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { searchBundle } from './bundle.ts';
import { capabilityStatement } from './capability.ts';
import { FhirError, type IssueType, issueTypeOf, operationOutcome } from './outcome.ts';
import { type ParsedSearch, parseSearch, type SearchParamSpec } from './search-params.ts';
import { OBSERVATION_PARAMS, PATIENT_PARAMS, QUESTIONNAIRE_PARAMS, RESPONSE_PARAMS } from './search-specs.ts';
import {
  type Found,
  readFhirObservation,
  readFhirPatient,
  readFhirQuestionnaire,
  readFhirQuestionnaireResponse,
  searchFhirObservations,
  searchFhirPatients,
  searchFhirQuestionnaireResponses,
  searchFhirQuestionnaires,
} from './service.ts';

export const FHIR_PREFIX = '/fhir/R4';
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

type Read = { Params: { id: string } };
type Search = { Querystring: Record<string, string | string[]> };

/** Errors under /fhir are OperationOutcomes, not problem+json; the status codes are the same. */
function sendError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  let status: number;
  let issueType: IssueType;
  let detail: string;
  let fields: FieldError[] = [];
  if (error instanceof AppError) {
    status = error.status;
    issueType = error instanceof FhirError ? error.issueType : issueTypeOf(error.code);
    detail = error.detail;
    fields = error.fields ?? [];
    for (const [name, value] of Object.entries(error.headers ?? {})) reply.header(name, value);
  } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    status = error.statusCode === 413 || error.statusCode === 429 ? error.statusCode : 400;
    issueType = status === 413 ? 'too-costly' : status === 429 ? 'throttled' : 'invalid';
    detail = 'The request could not be read.';
  } else {
    status = 500;
    issueType = 'exception';
    detail = 'An unexpected error happened; it has been logged.';
    // A database error's message can quote a row's values: log where it failed, never what.
    const pgCode = 'severity' in error ? error.code : undefined;
    request.log.error(
      {
        err: pgCode
          ? { type: 'DatabaseError', pgCode }
          : { type: error.name, message: error.message, stack: error.stack },
      },
      'unhandled error',
    );
  }
  return reply
    .status(status)
    .type(FHIR_JSON)
    .send(operationOutcome(issueType, detail, fields));
}

export function fhirRoutes(app: App, deps: AppDeps): void {
  app.register(
    async (fhir) => {
      const base = (request: FastifyRequest) => `${appUrl(request, deps.config)}${FHIR_PREFIX}`;
      const rawQuery = (request: FastifyRequest) => request.url.split('?').slice(1).join('?');

      fhir.setErrorHandler(sendError);
      fhir.setNotFoundHandler((request, reply) => {
        const path = request.url.split('?')[0];
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          return reply
            .status(405)
            .header('allow', 'GET, HEAD')
            .type(FHIR_JSON)
            .send(
              operationOutcome(
                'not-supported',
                `This FHIR server is read-only: ${request.method} is not supported.`,
              ),
            );
        }
        return reply
          .status(404)
          .type(FHIR_JSON)
          .send(
            operationOutcome(
              'not-found',
              `Nothing at ${path}. See ${FHIR_PREFIX}/metadata for what is served.`,
            ),
          );
      });
      // Patient records must not sit in shared caches; every response says what it is.
      fhir.addHook('onSend', async (_request, reply, payload) => {
        reply.header('content-type', FHIR_JSON);
        reply.header('cache-control', 'no-store');
        return payload;
      });

      const route = (access: Access) => ({ config: { access }, schema: { hide: true } });
      const publicAccess = { public: true } as const;

      function searchRoute<T extends Resource>(
        type: string,
        params: readonly SearchParamSpec[],
        access: Access,
        find: (request: FastifyRequest, search: ParsedSearch) => Promise<Found<T>> | Found<T>,
      ) {
        fhir.get<Search>(`/${type}`, route(access), async (request) => {
          const search = parseSearch(request.query, params);
          const found = await find(request, search);
          return searchBundle({
            endpoint: `${base(request)}/${type}`,
            query: rawQuery(request),
            count: search.count,
            offset: search.offset,
            total: found.total,
            resources: found.resources,
            now: request.ctx.now,
          });
        });
      }

      fhir.get('/metadata', route(publicAccess), async (request) =>
        capabilityStatement(base(request), request.ctx.now),
      );

      fhir.get<Read>('/Patient/:id', route({ permission: 'patients:read' }), async (request) =>
        readFhirPatient(request.ctx, request.params.id),
      );
      searchRoute('Patient', PATIENT_PARAMS, { permission: 'patients:read' }, (request, search) =>
        searchFhirPatients(request.ctx, search),
      );

      fhir.get<Read>('/Questionnaire/:id', route(publicAccess), async (request) =>
        readFhirQuestionnaire(request.params.id, base(request)),
      );
      searchRoute('Questionnaire', QUESTIONNAIRE_PARAMS, publicAccess, (request, search) =>
        searchFhirQuestionnaires(search, base(request)),
      );

      fhir.get<Read>('/QuestionnaireResponse/:id', route({ permission: 'measures:read' }), async (request) =>
        readFhirQuestionnaireResponse(request.ctx, request.params.id, base(request)),
      );
      searchRoute(
        'QuestionnaireResponse',
        RESPONSE_PARAMS,
        { permission: 'measures:read' },
        (request, search) => searchFhirQuestionnaireResponses(request.ctx, search, base(request)),
      );

      fhir.get<Read>('/Observation/:id', route({ permission: 'measures:read' }), async (request) =>
        readFhirObservation(request.ctx, request.params.id),
      );
      searchRoute('Observation', OBSERVATION_PARAMS, { permission: 'measures:read' }, (request, search) =>
        searchFhirObservations(request.ctx, search),
      );
    },
    { prefix: FHIR_PREFIX },
  );
}
