import type { Actor, Ctx, Executor } from '../context.ts';
import { type AuditEntry, insertPendingAudit } from '../features/audit/store.ts';

type What = Omit<AuditEntry, 'orgId' | 'at' | 'userId' | 'userEmail' | 'roles' | 'requestId' | 'ip'>;

/** Writes audit records for what the context's user did, in the caller's transaction. */
export async function audit(db: Executor, ctx: Ctx, ...entries: What[]): Promise<void> {
  await insertPendingAudit(
    db,
    entries.map((entry) => auditRecord(ctx, entry)),
  );
}

/** The audit record of what the context's user did, for a statement that writes it with the change. */
export function auditRecord(ctx: Ctx, entry: What): AuditEntry {
  return { ...entry, ...who(ctx, ctx.user) };
}

/** The same, for an action by someone who is not (yet) the signed-in user, such as a failed sign-in. */
export async function auditAs(
  db: Executor,
  ctx: Ctx,
  actor: Partial<Actor> & { orgId: string },
  entry: What,
): Promise<void> {
  await insertPendingAudit(db, [
    {
      ...entry,
      orgId: actor.orgId,
      at: ctx.now,
      userId: actor.id ?? null,
      userEmail: actor.email ?? null,
      roles: actor.roles ?? [],
      requestId: ctx.requestId,
      ip: ctx.ip,
    },
  ]);
}

function who(ctx: Ctx, actor: Actor | null) {
  return {
    orgId: ctx.orgId,
    at: ctx.now,
    userId: actor?.id ?? null,
    userEmail: actor?.email ?? null,
    roles: actor?.roles ?? [],
    requestId: ctx.requestId,
    ip: ctx.ip,
  };
}
