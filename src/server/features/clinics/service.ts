import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';
import { listLocations } from '../locations/service.ts';
import { findPrimaryOrgId } from '../orgs/store.ts';
import { boundingBox, cityCentroid, haversineMiles, isUsState, type Point, zipCentroid } from './geo.ts';
import { parseDirectoryCsv, type RowError } from './import.ts';
import { serviceLabel } from './services.ts';
import {
  deleteDirectory,
  directoryNear,
  insertDirectoryClinics,
  listDirectory,
  type StoredClinic,
} from './store.ts';

export type NearQuery = {
  zip?: string | undefined;
  city?: string | undefined;
  state?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  radiusMiles: number;
  limit: number;
};

export type NearbyClinic = {
  id: string;
  name: string;
  kind: 'our-location' | 'directory';
  address: string;
  city: string;
  state: string;
  zip: string;
  phone: string | null;
  website: string | null;
  services: { id: string; label: string }[];
  accreditations: string[];
  distanceMiles: number;
};

export type NearResult = { origin: Point & { label: string }; radiusMiles: number; clinics: NearbyClinic[] };

const field = (name: string, message: string) =>
  new AppError('validation-failed', `Check these fields: querystring.${name}.`, [
    { field: `querystring.${name}`, message },
  ]);

/** Where to search from: a ZIP code, a city and state, or the browser's position. */
export function resolveOrigin(query: NearQuery): Point & { label: string } {
  if (query.zip !== undefined && query.zip !== '') {
    const zip = query.zip.trim();
    const centre = /^\d{5}$/.test(zip) ? zipCentroid(zip) : undefined;
    if (!centre)
      throw field('zip', `We don't know the ZIP code "${zip.slice(0, 10)}". Enter a five-digit US ZIP code.`);
    return { ...centre, label: `ZIP ${zip}` };
  }
  if (query.city) {
    const state = (query.state ?? '').trim().toUpperCase();
    if (!isUsState(state)) throw field('state', 'Choose the state, as a two-letter code like NY.');
    const centre = cityCentroid(query.city, state);
    if (!centre) throw field('city', `We don't know a city called "${query.city.slice(0, 60)}" in ${state}.`);
    return { ...centre, label: `${query.city.trim()}, ${state}` };
  }
  if (query.lat !== undefined || query.lon !== undefined) {
    if (query.lat === undefined) throw field('lat', 'Send the latitude with the longitude.');
    if (query.lon === undefined) throw field('lon', 'Send the longitude with the latitude.');
    return { latitude: query.lat, longitude: query.lon, label: 'your location' };
  }
  throw field('zip', 'Enter a ZIP code, or a city and state.');
}

const round = (miles: number) => Math.round(miles * 10) / 10;

function fromDirectory(c: StoredClinic & { distanceMiles: number }): NearbyClinic {
  return {
    id: c.id,
    name: c.name,
    kind: 'directory',
    address: c.address,
    city: c.city,
    state: c.state,
    zip: c.zip,
    phone: c.phone,
    website: c.website,
    services: c.services.map((id) => ({ id, label: serviceLabel(id) })),
    accreditations: c.accreditations,
    distanceMiles: round(c.distanceMiles),
  };
}

/**
 * Searches growing rings: when the `limit` nearest clinics already lie within a small ring, nothing
 * farther can displace them, so a 3000-mile search over a dense directory reads only the few rows
 * near the origin instead of computing the distance to every clinic in the country.
 */
async function nearestInDirectory(
  ctx: Ctx,
  orgId: string,
  origin: Point,
  radiusMiles: number,
  limit: number,
) {
  const rings = [...RING_MILES.filter((r) => r < radiusMiles), radiusMiles];
  for (const ring of rings) {
    const found = await directoryNear(ctx.db, orgId, origin, boundingBox(origin, ring), ring, limit);
    if (found.length >= limit || ring === radiusMiles) return found;
  }
  return [];
}

const RING_MILES = [25, 100, 400, 1600];

/** This clinic's own locations and the imported directory, nearest first, within the radius. */
export async function findClinicsNear(ctx: Ctx, query: NearQuery): Promise<NearResult> {
  const origin = resolveOrigin(query);
  const orgId = await findPrimaryOrgId(ctx.db);
  if (!orgId) return { origin, radiusMiles: query.radiusMiles, clinics: [] };
  const [directory, locations] = await Promise.all([
    nearestInDirectory(ctx, orgId, origin, query.radiusMiles, query.limit),
    listLocations({ ...ctx, orgId }),
  ]);
  const ours: NearbyClinic[] = [];
  for (const location of locations) {
    const centre = zipCentroid(location.postalCode.slice(0, 5));
    if (!centre) continue;
    const miles = haversineMiles(origin, centre);
    if (miles > query.radiusMiles) continue;
    ours.push({
      id: location.id,
      name: location.name,
      kind: 'our-location',
      address: [location.addressLine1, location.addressLine2].filter(Boolean).join(', '),
      city: location.city,
      state: location.state,
      zip: location.postalCode,
      phone: location.phone,
      website: null,
      services: [],
      accreditations: [],
      distanceMiles: round(miles),
    });
  }
  const clinics = [...ours, ...directory.map(fromDirectory)]
    .sort(
      (a, b) =>
        a.distanceMiles - b.distanceMiles ||
        (a.kind === 'our-location' ? -1 : b.kind === 'our-location' ? 1 : 0),
    )
    .slice(0, query.limit);
  return { origin, radiusMiles: query.radiusMiles, clinics };
}

export type ImportPreview = {
  valid: number;
  invalid: number;
  errors: RowError[];
  sample: { line: number; name: string; city: string; state: string; zip: string; services: string[] }[];
};

export function previewDirectoryImport(csv: string): ImportPreview {
  const parsed = parseDirectoryCsv(csv);
  const invalidLines = new Set(parsed.errors.filter((e) => e.field !== 'header').map((e) => e.line));
  return {
    valid: parsed.clinics.length,
    invalid: invalidLines.size,
    errors: parsed.errors.slice(0, 500),
    sample: parsed.clinics.slice(0, 50).map((c) => ({
      line: c.line,
      name: c.name,
      city: c.city,
      state: c.state,
      zip: c.zip,
      services: c.services.map(serviceLabel),
    })),
  };
}

/** All or nothing: a file with any bad row changes nothing, and the answer names every bad row. */
export async function importDirectory(
  ctx: Ctx,
  input: { csv: string; mode: 'replace' | 'append' },
): Promise<{ imported: number; removed: number; total: number }> {
  const parsed = parseDirectoryCsv(input.csv);
  if (parsed.errors.length) {
    throw new AppError(
      'validation-failed',
      `${parsed.errors.length} problem(s) in the file; nothing was imported.`,
      parsed.errors.slice(0, 200).map((e) => ({
        field: `body.csv.line-${e.line}.${e.field}`,
        message: `Line ${e.line}, ${e.field}: ${e.message}`,
      })),
    );
  }
  return ctx.db.transaction().execute(async (trx) => {
    const removed = input.mode === 'replace' ? await deleteDirectory(trx, ctx.orgId) : 0;
    const imported = await insertDirectoryClinics(
      trx,
      ctx.orgId,
      parsed.clinics.map(({ line: _line, ...clinic }) => clinic),
      { userId: ctx.user?.id ?? null, now: ctx.now },
    );
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'clinic-directory',
      details: { mode: input.mode, imported, removed },
    });
    const { total } = await listDirectory(trx, ctx.orgId, 1, 0);
    return { imported, removed, total };
  });
}

export async function readDirectory(ctx: Ctx, limit: number, offset: number) {
  const page = await listDirectory(ctx.db, ctx.orgId, limit, offset);
  return {
    total: page.total,
    items: page.items.map((c) => ({
      ...c,
      services: c.services.map((id) => ({ id, label: serviceLabel(id) })),
    })),
  };
}
