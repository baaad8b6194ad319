import { findChainBreak } from '../../../domain/hash-chain.ts';
import type { Db } from '../../db/connect.ts';
import { auditChainOrgs, countUnsealedOlderThan, hashAt, readAuditChain } from './store.ts';

export type ExpectedHead = { orgId: string; seq: number; hash: string };

export type ChainReport = {
  orgId: string;
  rows: number;
  head: { seq: number; hash: string };
  problem?: string;
};

export type AuditVerification = {
  ok: boolean;
  chains: ChainReport[];
  /** Pending rows older than a minute: the sealer is not running. A warning, not tampering. */
  unsealedOlderThanAMinute: number;
};

export function parseExpectedHead(text: string): ExpectedHead | undefined {
  const match = /^([0-9a-f-]{36}):(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!match) return undefined;
  return { orgId: match[1] as string, seq: Number(match[2]), hash: match[3] as string };
}

/** Recomputes every hash of every organisation's audit chain and checks each expected head. */
export async function verifyAuditTrail(
  db: Db,
  options: { expectHeads?: ExpectedHead[]; now: Date; onProgress?: (rowsChecked: number) => void },
): Promise<AuditVerification> {
  const chains: ChainReport[] = [];
  let checked = 0;
  for (const orgId of await auditChainOrgs(db)) {
    let head = { seq: 0, hash: '0'.repeat(64) };
    let problem: string | undefined;
    let rows = 0;
    for await (const page of readAuditChain(db, orgId)) {
      const result = findChainBreak(page, head);
      head = result.head;
      rows += page.length;
      checked += page.length;
      options.onProgress?.(checked);
      if (result.break) {
        problem = `audit row ${orgId}:${result.break.seq}: ${result.break.problem}`;
        break;
      }
    }
    chains.push({ orgId, rows, head, ...(problem ? { problem } : {}) });
  }
  for (const expected of options.expectHeads ?? []) {
    const chain = chains.find((c) => c.orgId === expected.orgId);
    if (!chain) {
      chains.push({ orgId: expected.orgId, rows: 0, head: { seq: 0, hash: '' }, problem: 'no such chain' });
      continue;
    }
    if (chain.problem) continue;
    const actual = await hashAt(db, expected.orgId, expected.seq);
    if (actual === undefined) {
      chain.problem = `expected head ${expected.seq} is gone: the chain ends at ${chain.head.seq} (rows were removed)`;
    } else if (actual !== expected.hash) {
      chain.problem = `row ${expected.seq} no longer has the expected hash`;
    }
  }
  const unsealed = await countUnsealedOlderThan(db, new Date(options.now.getTime() - 60_000));
  return { ok: chains.every((c) => !c.problem), chains, unsealedOlderThanAMinute: unsealed };
}
