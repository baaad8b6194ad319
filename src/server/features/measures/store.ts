import type { Executor } from '../../context.ts';
import type { ResponseSource } from '../../db/schema.ts';

export type StoredResponse = {
  id: string;
  patientId: string;
  instrument: string;
  answers: Record<string, number | null>;
  total: number | null;
  severity: string;
  suicideRisk: boolean;
  riskReasons: string[];
  source: ResponseSource;
  enteredBy: string | null;
  completedAt: string;
};

const COLUMNS = [
  'id',
  'patient_id',
  'instrument',
  'answers',
  'total',
  'severity',
  'suicide_risk',
  'risk_reasons',
  'source',
  'entered_by',
  'completed_at',
] as const;

type Row = {
  id: string;
  patient_id: string;
  instrument: string;
  answers: Record<string, number | null>;
  total: number | null;
  severity: string;
  suicide_risk: boolean;
  risk_reasons: string[];
  source: ResponseSource;
  entered_by: string | null;
  completed_at: Date;
};

function toResponse(row: Row): StoredResponse {
  return {
    id: row.id,
    patientId: row.patient_id,
    instrument: row.instrument,
    answers: row.answers,
    total: row.total,
    severity: row.severity,
    suicideRisk: row.suicide_risk,
    riskReasons: row.risk_reasons,
    source: row.source,
    enteredBy: row.entered_by,
    completedAt: row.completed_at.toISOString(),
  };
}

export async function findByIdempotencyKey(
  db: Executor,
  orgId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const row = await db
    .selectFrom('measure_responses')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ? toResponse(row) : undefined;
}

export async function insertResponse(
  db: Executor,
  input: Omit<StoredResponse, 'id' | 'completedAt'> & {
    orgId: string;
    linkId: string | null;
    idempotencyKey: string;
    completedAt: Date;
  },
): Promise<StoredResponse> {
  const row = await db
    .insertInto('measure_responses')
    .values({
      org_id: input.orgId,
      patient_id: input.patientId,
      instrument: input.instrument,
      answers: JSON.stringify(input.answers),
      total: input.total,
      severity: input.severity,
      suicide_risk: input.suicideRisk,
      risk_reasons: input.riskReasons,
      source: input.source,
      entered_by: input.enteredBy,
      link_id: input.linkId,
      idempotency_key: input.idempotencyKey,
      completed_at: input.completedAt,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toResponse(row);
}

export async function listResponses(
  db: Executor,
  orgId: string,
  patientId: string,
): Promise<StoredResponse[]> {
  const rows = await db
    .selectFrom('measure_responses')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('patient_id', '=', patientId)
    .orderBy('completed_at')
    .orderBy('id')
    .execute();
  return rows.map(toResponse);
}
