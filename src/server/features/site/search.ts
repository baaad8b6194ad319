import { sql } from 'kysely';
import type { Executor } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import type { SiteBrand } from './brand.ts';
import { readableText } from './readability.ts';
import { publicDocuments } from './site-index.ts';

export type SearchDocument = { path: string; title: string; description: string; bodyHtml: string };

export type SearchHit = { path: string; title: string; description: string; snippet: string };

/** Replaces the organisation's search documents with the rendered text of its public pages. */
export async function rebuildSearchIndex(
  db: Db,
  orgId: string,
  documents: SearchDocument[],
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('site_search_documents').where('org_id', '=', orgId).execute();
    if (documents.length === 0) return;
    await trx
      .insertInto('site_search_documents')
      .values(
        documents.map((d) => ({
          org_id: orgId,
          path: d.path,
          title: d.title,
          description: d.description,
          body: readableText(d.bodyHtml).replace(/\s+/g, ' ').trim(),
          indexed_at: now,
        })),
      )
      .execute();
  });
}

// ts_headline marks matches with these; everything else in the snippet is escaped as text.
const START = '\u0002';
const STOP = '\u0003';

/** Full-text search in English over every indexed public page, best match first. */
export async function searchSite(
  db: Executor,
  orgId: string,
  query: string,
  limit = 20,
): Promise<SearchHit[]> {
  const rows = await sql<{ path: string; title: string; description: string; snippet: string }>`
    SELECT path, title, description,
      ts_headline('english', body, q, ${`StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, MaxFragments=1`}) AS snippet
    FROM site_search_documents, websearch_to_tsquery('english', ${query}) AS q
    WHERE org_id = ${orgId} AND document @@ q
    ORDER BY ts_rank(document, q) DESC, path
    LIMIT ${limit}`.execute(db);
  return rows.rows;
}

export const SNIPPET_MARKS = { start: START, stop: STOP };

const indexed = new WeakMap<Db, Map<string, Promise<void>>>();

/** Builds the index from the rendered pages on the first search after start or after a change. */
export function ensureSearchIndex(db: Db, brand: SiteBrand, now: Date): Promise<void> {
  let byOrg = indexed.get(db);
  if (!byOrg) {
    byOrg = new Map();
    indexed.set(db, byOrg);
  }
  let done = byOrg.get(brand.orgId);
  if (!done) {
    const map = byOrg;
    done = publicDocuments(db, brand).then((documents) =>
      rebuildSearchIndex(db, brand.orgId, documents, now),
    );
    done.catch(() => map.delete(brand.orgId));
    byOrg.set(brand.orgId, done);
  }
  return done;
}

/** Published stories and location pages change what search finds: the next search re-indexes. */
export function markSiteChanged(db: Db, orgId: string): void {
  indexed.get(db)?.delete(orgId);
}
