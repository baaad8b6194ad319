/**
 * Pieces of a request timed on their own, in this process, with nothing else running: the store
 * functions the routes call (round trip to PostgreSQL and row parsing in the pg driver included) and
 * the pure trajectory computation, and one search page's read audit. They explain where a route's
 * server-side time goes.
 */
import { buildOutcomePolicy, computeTrajectory } from '../src/domain/outcomes/index.ts';
import type { Db } from '../src/server/db/connect.ts';
import { insertPendingAudit } from '../src/server/features/audit/store.ts';
import { listResponses } from '../src/server/features/measures/store.ts';
import { parseSearch } from '../src/server/features/patients/service.ts';
import { searchPatients } from '../src/server/features/patients/store.ts';
import { type Percentiles, percentiles } from './measure.ts';

async function timed(fn: () => unknown, runs: number): Promise<Percentiles> {
  for (let i = 0; i < Math.min(20, runs); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

export type Components = {
  /** searchPatients per query string (limit + 1 rows, as the service asks). */
  search: Map<string, Percentiles>;
  listResponses: Percentiles;
  computeTrajectory: Percentiles;
  /** JSON.stringify of the trajectory response as the server sent it. */
  stringify: Percentiles;
  /** The read audit of one search page: one INSERT of `limit` records, committed on its own. */
  auditWrite: Percentiles;
};

export async function timeComponents(
  db: Db,
  input: { orgId: string; queries: string[]; limit: number; patientId: string; trajectoryJson: string },
): Promise<Components> {
  const search = new Map<string, Percentiles>();
  for (const q of input.queries) {
    search.set(
      q,
      await timed(
        () => searchPatients(db, input.orgId, { ...parseSearch(q), limit: input.limit + 1, offset: 0 }),
        100,
      ),
    );
  }
  const responses = await listResponses(db, input.orgId, input.patientId);
  const events = await db
    .selectFrom('treatment_events')
    .select('occurred_on')
    .where('org_id', '=', input.orgId)
    .where('patient_id', '=', input.patientId)
    .orderBy('occurred_on')
    .execute();
  const policy = buildOutcomePolicy({ madrsRemission: 'daly-2018' });
  const measurements = responses
    .filter((r) => r.instrument === 'phq9' && r.total !== null)
    .map((r) => ({ date: r.completedAt, total: r.total as number }));
  const view = JSON.parse(input.trajectoryJson) as unknown;
  return {
    search,
    listResponses: await timed(() => listResponses(db, input.orgId, input.patientId), 100),
    computeTrajectory: await timed(
      () =>
        computeTrajectory({
          instrument: 'phq9',
          measurements,
          firstTreatmentDate: events[0]?.occurred_on ?? null,
          policy,
        }),
      200,
    ),
    stringify: await timed(() => JSON.stringify(view), 200),
    auditWrite: await timed(
      () =>
        insertPendingAudit(
          db,
          Array.from({ length: input.limit }, () => ({
            orgId: input.orgId,
            at: new Date(),
            userId: null,
            userEmail: 'bench@ketaflow.test',
            roles: ['nurse'],
            action: 'read' as const,
            entityType: 'patient',
            entityId: input.patientId,
            patientId: input.patientId,
            requestId: 'bench',
            ip: '127.0.0.1',
            details: { via: 'search' },
          })),
        ),
      100,
    ),
  };
}
