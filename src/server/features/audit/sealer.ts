import { startLoop } from '../../background.ts';
import type { Db } from '../../db/connect.ts';
import { sealPendingAudit } from './store.ts';

const BATCH = 1000;

/** Runs until everything pending is sealed (a CLI command calls this once before it exits). */
export async function sealAll(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await sealPendingAudit(db, BATCH);
    total += sealed;
    if (sealed < BATCH) return total;
  }
}

/** The server's sealer: once a second; the advisory lock inside lets only one instance work at a time. */
export function startSealer(
  db: Db,
  onError: (error: unknown) => void,
  intervalMs = 1000,
): { stop(): Promise<void> } {
  return startLoop(() => sealAll(db), intervalMs, onError);
}
