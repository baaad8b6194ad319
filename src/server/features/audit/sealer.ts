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
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        await sealAll(db);
      } catch (error) {
        onError(error);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs).unref();
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      // Whatever was written during shutdown is sealed before the database goes away.
      await sealAll(db).catch(onError);
    },
  };
}
