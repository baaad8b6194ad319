import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll } from '../src/server/features/audit/sealer.ts';
import { auditHeads, insertPendingAudit, sealPendingAudit } from '../src/server/features/audit/store.ts';
import { verifyAuditTrail } from '../src/server/features/audit/verify.ts';
import { createTestApp, signIn, type TestContext } from './helpers/clinic.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const verify = (expectHeads: { orgId: string; seq: number; hash: string }[] = []) =>
  verifyAuditTrail(t.database.db, { now: t.clock.now, expectHeads });

/** Tampering as a database superuser would: switch the guard triggers off for one statement. */
async function tamper(statement: string) {
  await t.database.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(trx);
    await sql.raw(statement).execute(trx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(trx);
  });
}

describe('audit trail', () => {
  it('records sign-in in the same transaction and seals it into a verifiable chain', async () => {
    await signIn(t, 'nurse');
    const pending = await t.database.db.selectFrom('audit_pending').selectAll().execute();
    expect(pending.some((r) => r.action === 'sign-in' && r.user_id === t.clinic.users.nurse.id)).toBe(true);
    await sealAll(t.database.db);
    expect(await t.database.db.selectFrom('audit_pending').selectAll().execute()).toHaveLength(0);
    const row = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'sign-in')
      .where('user_id', '=', t.clinic.users.nurse.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      org_id: t.clinic.orgId,
      roles: ['nurse'],
      outcome: 'success',
      entity_type: 'session',
    });
    expect(row.request_id).toBeTruthy();
    expect(row.ip).toBeTruthy();
    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.chains.find((c) => c.orgId === t.clinic.orgId)?.rows).toBeGreaterThan(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the sealed chain', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });

  it('keeps seq gap-free under concurrent writers and concurrent sealers', async () => {
    const entry = (i: number) => ({
      orgId: t.clinic.orgId,
      at: t.clock.now,
      userId: null,
      userEmail: null,
      roles: [],
      action: 'read' as const,
      entityType: 'test',
      entityId: String(i),
      requestId: null,
      ip: null,
    });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        Promise.all([insertPendingAudit(t.database.db, [entry(i)]), sealPendingAudit(t.database.db, 7)]),
      ),
    );
    await sealAll(t.database.db);
    const report = await verify();
    expect(report.ok).toBe(true);
    const seqs = (
      await t.database.db
        .selectFrom('audit_log')
        .select('seq')
        .where('org_id', '=', t.clinic.orgId)
        .orderBy('seq')
        .execute()
    ).map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('finds an altered row, a deleted row and a removed head', async () => {
    await signIn(t, 'therapist');
    await sealAll(t.database.db);
    const [head] = (await auditHeads(t.database.db)).filter((h) => h.orgId === t.clinic.orgId);
    if (!head) throw new Error('no head');
    expect((await verify([{ orgId: head.orgId, seq: Number(head.seq), hash: head.hash }])).ok).toBe(true);

    await tamper(`DELETE FROM audit_log WHERE org_id = '${t.clinic.orgId}' AND seq = ${head.seq}`);
    const truncated = await verify([{ orgId: head.orgId, seq: Number(head.seq), hash: head.hash }]);
    expect(truncated.ok).toBe(false);
    expect(truncated.chains.find((c) => c.orgId === t.clinic.orgId)?.problem).toMatch(/gone|removed/);

    await tamper(`UPDATE audit_log SET action = 'export' WHERE org_id = '${t.clinic.orgId}' AND seq = 2`);
    const altered = await verify();
    expect(altered.ok).toBe(false);
    expect(altered.chains.find((c) => c.orgId === t.clinic.orgId)?.problem).toMatch(
      /:2: hash does not match/,
    );

    await tamper(`DELETE FROM audit_log WHERE org_id = '${t.clinic.orgId}' AND seq IN (2, 3)`);
    const gap = await verify();
    expect(gap.chains.find((c) => c.orgId === t.clinic.orgId)?.problem).toMatch(/gap: seq 2 is missing/);
  });
});

describe('audit search and export', () => {
  let fresh: TestContext;
  beforeAll(async () => {
    fresh = await createTestApp();
  });
  afterAll(() => fresh.close());

  it('filters by user and action, sorts, and is itself audited', async () => {
    await signIn(fresh, 'nurse');
    await signIn(fresh, 'therapist');
    const admin = await signIn(fresh, 'admin');
    const nurseId = fresh.clinic.users.nurse.id;
    const res = await fresh.app.inject({
      method: 'GET',
      url: `/api/v1/audit?userId=${nurseId}&action=sign-in&sort=at`,
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({
      userId: nurseId,
      action: 'sign-in',
      userEmail: fresh.clinic.users.nurse.email,
    });

    const bad = await fresh.app.inject({
      method: 'GET',
      url: '/api/v1/audit?from=yesterday',
      headers: admin.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toContain('from');

    const reads = await fresh.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=read&entityType=x',
      headers: admin.headers,
    });
    expect(reads.statusCode).toBe(400);

    const own = await fresh.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=read',
      headers: admin.headers,
    });
    expect(own.json().items.some((i: { entityType: string }) => i.entityType === 'audit_log')).toBe(true);
  });

  it('exports CSV with a header row, neutralises formulas, and audits the export', async () => {
    const admin = await signIn(fresh, 'admin');
    await insertPendingAudit(fresh.database.db, [
      {
        orgId: fresh.clinic.orgId,
        at: fresh.clock.now,
        userId: null,
        userEmail: '=HYPERLINK("x")',
        roles: [],
        action: 'sign-in',
        entityType: 'session',
        requestId: null,
        ip: null,
      },
    ]);
    const res = await fresh.app.inject({
      method: 'GET',
      url: '/api/v1/audit/export.csv?action=sign-in',
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="audit-/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'seq,at,userId,userEmail,roles,action,entityType,entityId,patientId,requestId,ip,outcome',
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(res.body).toContain(`"'=HYPERLINK(""x"")"`);
    const exports = await fresh.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=export',
      headers: admin.headers,
    });
    expect(exports.json().total).toBe(1);
  });

  it('is closed to roles without the permission', async () => {
    const nurse = await signIn(fresh, 'nurse');
    expect(
      (await fresh.app.inject({ method: 'GET', url: '/api/v1/audit', headers: nurse.headers })).statusCode,
    ).toBe(403);
    expect(
      (await fresh.app.inject({ method: 'GET', url: '/api/v1/audit/export.csv', headers: nurse.headers }))
        .statusCode,
    ).toBe(403);
  });
});
