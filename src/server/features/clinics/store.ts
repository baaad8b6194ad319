import { sql } from 'kysely';
import type { Executor } from '../../context.ts';
import type { Point } from './geo.ts';

export type DirectoryClinic = {
  name: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  phone: string | null;
  website: string | null;
  services: string[];
  accreditations: string[];
  latitude: number;
  longitude: number;
};

export type StoredClinic = DirectoryClinic & { id: string };

export async function insertDirectoryClinics(
  db: Executor,
  orgId: string,
  clinics: DirectoryClinic[],
  by: { userId: string | null; now: Date },
): Promise<number> {
  // Batches keep each statement well under PostgreSQL's 65,535 parameters.
  for (let i = 0; i < clinics.length; i += 1000) {
    await db
      .insertInto('directory_clinics')
      .values(
        clinics.slice(i, i + 1000).map((c) => ({
          org_id: orgId,
          ...c,
          imported_by: by.userId,
          imported_at: by.now,
        })),
      )
      .execute();
  }
  return clinics.length;
}

export async function deleteDirectory(db: Executor, orgId: string): Promise<number> {
  const result = await db.deleteFrom('directory_clinics').where('org_id', '=', orgId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

const COLUMNS = [
  'id',
  'name',
  'address',
  'city',
  'state',
  'zip',
  'phone',
  'website',
  'services',
  'accreditations',
  'latitude',
  'longitude',
] as const;

export async function listDirectory(
  db: Executor,
  orgId: string,
  limit: number,
  offset: number,
): Promise<{ items: StoredClinic[]; total: number }> {
  const [items, count] = await Promise.all([
    db
      .selectFrom('directory_clinics')
      .select([...COLUMNS])
      .where('org_id', '=', orgId)
      .orderBy('state')
      .orderBy('city')
      .orderBy('name')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('directory_clinics')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/**
 * The box narrows the rows through the (org_id, latitude, longitude) index; the exact haversine
 * distance then filters and orders them, so only the nearest `limit` rows leave the database.
 */
export async function directoryNear(
  db: Executor,
  orgId: string,
  centre: Point,
  box: { minLat: number; maxLat: number; minLon: number; maxLon: number },
  radiusMiles: number,
  limit: number,
): Promise<(StoredClinic & { distanceMiles: number })[]> {
  const { latitude: lat, longitude: lon } = centre;
  const distance = sql<number>`2 * 3958.8 * asin(least(1, sqrt(
      power(sin(radians(latitude - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(latitude)) * power(sin(radians(longitude - ${lon}) / 2), 2))))`;
  return db
    .selectFrom(
      db
        .selectFrom('directory_clinics')
        .select([...COLUMNS, distance.as('distance_miles')])
        .where('org_id', '=', orgId)
        .where('latitude', '>=', box.minLat)
        .where('latitude', '<=', box.maxLat)
        .where('longitude', '>=', box.minLon)
        .where('longitude', '<=', box.maxLon)
        .as('c'),
    )
    .select([...COLUMNS, 'distance_miles as distanceMiles'])
    .where('distance_miles', '<=', radiusMiles)
    .orderBy('distance_miles')
    .orderBy('id')
    .limit(limit)
    .execute();
}
