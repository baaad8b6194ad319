/**
 * `npx tsx bench/locator.ts`: the clinic locator over 10,000 directory clinics. Creates a throwaway
 * database on PostgreSQL (LOCATOR_DATABASE_URL, default the local server on 127.0.0.1:5432), imports
 * clinics placed at random US ZIP centroids, then times GET /api/v1/clinics/near through the app
 * (app.inject: server time, no network) for random ZIP codes and radii, and the SQL alone. Prints a
 * Markdown section to append to docs/benchmarks.md.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import zipcodes from 'zipcodes';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDb, withDatabase } from '../src/server/db/connect.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { boundingBox, zipCentroid } from '../src/server/features/clinics/geo.ts';
import { directoryNear, insertDirectoryClinics } from '../src/server/features/clinics/store.ts';
import { createOrganisation } from '../src/server/features/orgs/store.ts';
import { percentiles } from './measure.ts';

const CLINICS = Number(process.env.LOCATOR_CLINICS ?? 10_000);
const QUERIES = Number(process.env.LOCATOR_QUERIES ?? 2_000);
const SERVER = process.env.LOCATOR_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RADII = [10, 25, 50, 100, 250, 500, 3000];

const usZips = Object.values(zipcodes.codes).filter((c) => c.country === 'US' && /^\d{5}$/.test(c.zip));
const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)] as T;

async function admin(sqlText: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

const name = `ketaflow_locator_bench_${process.pid}`;
await admin(`CREATE DATABASE ${name}`);
const db = createDb(withDatabase(SERVER, name));
try {
  await migrate(db);
  const orgId = await createOrganisation(db, { name: 'Bench clinic', isPrimary: true });
  const clinics = Array.from({ length: CLINICS }, (_, i) => {
    const zip = pick(usZips);
    return {
      name: `Clinic ${i}`,
      address: `${i} Main St`,
      city: zip.city,
      state: zip.state,
      zip: zip.zip,
      phone: null,
      website: null,
      services: ['iv-ketamine'],
      accreditations: [],
      latitude: zip.latitude,
      longitude: zip.longitude,
    };
  });
  await insertDirectoryClinics(db, orgId, clinics, { userId: null, now: new Date() });
  await sql`VACUUM ANALYZE directory_clinics`.execute(db);
  const app = await buildApp({
    db,
    config: loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' }),
    logger: false,
  });
  await app.ready();

  const rows: string[] = [];
  const byRadius: Record<number, number[]> = {};
  const all: number[] = [];
  let results = 0;
  for (let i = 0; i < 200; i++)
    await app.inject({ method: 'GET', url: `/api/v1/clinics/near?zip=${pick(usZips).zip}&radiusMiles=50` });
  for (let i = 0; i < QUERIES; i++) {
    const radius = RADII[i % RADII.length] as number;
    const zip = pick(usZips).zip;
    const started = performance.now();
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/clinics/near?zip=${zip}&radiusMiles=${radius}`,
    });
    const ms = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`near ${zip}: ${res.statusCode} ${res.body}`);
    results += res.json().clinics.length;
    const bucket = byRadius[radius] ?? [];
    bucket.push(ms);
    byRadius[radius] = bucket;
    all.push(ms);
  }
  const sqlOnly: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const centre = zipCentroid(pick(usZips).zip);
    if (!centre) continue;
    const radius = RADII[i % RADII.length] as number;
    const started = performance.now();
    await directoryNear(db, orgId, centre, boundingBox(centre, radius), radius, 25);
    sqlOnly.push(performance.now() - started);
  }
  const fmt = (v: number) => v.toFixed(2);
  const line = (label: string, values: number[]) => {
    const p = percentiles(values);
    rows.push(`| ${label} | ${p.n} | ${fmt(p.p50)} | ${fmt(p.p90)} | ${fmt(p.p99)} | ${fmt(p.max)} |`);
  };
  line('GET /api/v1/clinics/near, all radii', all);
  for (const r of RADII) line(`… radiusMiles=${r}`, byRadius[r] ?? []);
  line('the SQL alone (directoryNear), all radii', sqlOnly);
  console.log(`
## Clinic locator over ${CLINICS.toLocaleString('en-US')} directory clinics (bench/locator.ts)

\`npx tsx bench/locator.ts\` on ${new Date().toISOString().slice(0, 10)}: clinics at random US ZIP centroids, ${QUERIES.toLocaleString('en-US')} queries from random ZIP codes, radii cycling through ${RADII.join(', ')} miles, at most 25 results each (${(results / QUERIES).toFixed(1)} on average). Times are server time (\`app.inject\`, no network), in ms. Target: p99 ≤ 20 ms.

| query | n | p50 | p90 | p99 | max |
|---|---|---|---|---|---|
${rows.join('\n')}
`);
  await app.close();
} finally {
  await db.destroy();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
