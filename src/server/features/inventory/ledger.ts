import type { EntryKind } from '../../../domain/ledger/kinds.ts';
import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { ledgerFilterOf, type ReportFilter } from './reports.ts';
import { today } from './service.ts';
import { type LedgerEntryView, listEntries, listStock, type StockRow } from './store.ts';
import { verifyLedgerChain } from './verify.ts';

const PAGE = 100;

/** The ledger newest first, a page at a time; the cursor is the seq to continue below. */
export async function readLedger(
  ctx: Ctx,
  filter: ReportFilter & { kind?: EntryKind | undefined; cursor?: string | undefined },
): Promise<{ entries: LedgerEntryView[]; nextCursor: string | null }> {
  const entries = await listEntries(ctx.db, ctx.orgId, {
    ...ledgerFilterOf(filter),
    kinds: filter.kind ? [filter.kind] : undefined,
    beforeSeq: filter.cursor ? Number(filter.cursor) : undefined,
    order: 'desc',
    limit: PAGE + 1,
  });
  const page = entries.slice(0, PAGE);
  const patients = new Set(page.flatMap((e) => (e.patientId ? [e.patientId] : [])));
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'ledger',
    details: { filter: { ...filter }, returned: page.length, patients: patients.size },
  });
  return { entries: page, nextCursor: entries.length > PAGE ? String(page.at(-1)?.seq) : null };
}

export async function readStock(ctx: Ctx): Promise<StockRow[]> {
  return listStock(ctx.db, ctx.orgId, today(ctx));
}

export async function verifyOwnLedger(ctx: Ctx) {
  const report = await verifyLedgerChain(ctx.db, ctx.orgId);
  await audit(ctx.db, ctx, {
    action: 'read',
    entityType: 'ledger_verification',
    outcome: report.ok ? 'success' : 'failure',
    details: { entries: report.entries, ok: report.ok },
  });
  return {
    ok: report.ok,
    entries: report.entries,
    head: report.head,
    ...(report.firstBad ? { firstBad: report.firstBad } : {}),
  };
}
