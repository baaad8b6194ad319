import type { Config } from '../config.ts';
import { createDb, type Db } from './connect.ts';
import { type EmbeddedCluster, startEmbeddedCluster } from './embedded.ts';

export type OpenDatabase = { db: Db; url: string; embedded: boolean; close(): Promise<void> };

/**
 * DATABASE_URL when set; otherwise the private cluster in DATA_DIR, started here or joined when
 * another process (the running server) already has it.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  log: (message: string) => void = () => {},
): Promise<OpenDatabase> {
  let cluster: EmbeddedCluster | undefined;
  let url = config.databaseUrl;
  if (!url) {
    cluster = await startEmbeddedCluster({ dataDir: config.dataDir, log });
    url = cluster.url;
  }
  const db = createDb(url);
  return {
    db,
    url,
    embedded: cluster !== undefined,
    async close() {
      await db.destroy();
      await cluster?.stop();
    },
  };
}
